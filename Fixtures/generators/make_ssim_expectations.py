"""Expected SSIM values for Tests/VideoIOTests/StructuralSimilarityTests.swift (dev-only; numpy).

An independent computation of the Wang et al. (2004) SSIM: for each channel, every 11x11 window wholly inside the
image is cut out with numpy's sliding_window_view and its Gaussian-weighted (sigma 1.5) means, variances and
covariance are taken directly in two dimensions (the Swift code filters separably, row then column). K1 = 0.01,
K2 = 0.03, L = 255, population statistics; the result is the mean over windows, per channel.

The test images are defined by integer formulas that the Swift test repeats, so no image file is needed. If
scikit-image is importable, its structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
data_range=255, channel_axis=-1) is run as a second, outside check.

    python Fixtures/generators/make_ssim_expectations.py   # prints the Swift table the test holds
"""
import numpy as np


def hashed(x, y, c, seed):
    """A fixed pseudo-random byte per (x, y, channel, seed); the Swift test computes the same with UInt32 arithmetic."""
    v = (x * 73 + y * 151 + c * 199 + seed * 31) & 0xFFFFFFFF
    v = (v * 2654435761) & 0xFFFFFFFF
    return (v >> 13) & 255


def image(width, height, pixel):
    return np.array([[[pixel(x, y, c) for c in range(3)] for x in range(width)] for y in range(height)], dtype=np.uint8)


def cases():
    noise = lambda seed: (lambda x, y, c: hashed(x, y, c, seed))
    noisy = lambda x, y, c: min(255, max(0, hashed(x, y, c, 1) + hashed(x, y, c, 2) % 21 - 10))
    gradient = lambda x, y, c: (x * 5 + y * 3 + c * 40) % 256
    shifted = lambda x, y, c: ((x + 1) * 5 + y * 3 + c * 40) % 256
    return [
        ("noiseAndSmallNoise", 32, 24, noise(1), noisy),
        ("gradientShiftedByOne", 40, 30, gradient, shifted),
        ("twoNoisesInOneWindow", 11, 11, noise(3), noise(4)),
        ("constants100And120", 16, 16, lambda x, y, c: 100, lambda x, y, c: 120),
    ]


def ssim_channel(a, b):
    a = a.astype(np.float64)
    b = b.astype(np.float64)
    r = np.arange(-5, 6, dtype=np.float64)
    g = np.exp(-(r * r) / (2 * 1.5 * 1.5))
    w = np.outer(g, g)
    w /= w.sum()
    wa = np.lib.stride_tricks.sliding_window_view(a, (11, 11))
    wb = np.lib.stride_tricks.sliding_window_view(b, (11, 11))
    mx = (wa * w).sum(axis=(-2, -1))
    my = (wb * w).sum(axis=(-2, -1))
    vx = (((wa - mx[..., None, None]) ** 2) * w).sum(axis=(-2, -1))
    vy = (((wb - my[..., None, None]) ** 2) * w).sum(axis=(-2, -1))
    cxy = ((wa - mx[..., None, None]) * (wb - my[..., None, None]) * w).sum(axis=(-2, -1))
    c1 = (0.01 * 255) ** 2
    c2 = (0.03 * 255) ** 2
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def main():
    try:
        from skimage.metrics import structural_similarity
    except ImportError:
        structural_similarity = None
    for name, width, height, first, second in cases():
        a, b = image(width, height, first), image(width, height, second)
        ours = [ssim_channel(a[..., c], b[..., c]) for c in range(3)]
        if structural_similarity is not None:
            reference = structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                              data_range=255, channel_axis=-1)
            assert abs(reference - sum(ours) / 3) < 1e-12, (name, reference, ours)
        print(f'("{name}", [{", ".join(repr(v) for v in ours)}]),')
    print("checked against scikit-image" if structural_similarity else "scikit-image not installed: not cross-checked")


if __name__ == "__main__":
    main()
