"""A T5 encoder as wide as flan-t5-large (d_model 1024, what the text-guided VAE's cross-attention takes) but one
block deep and narrow inside, for the end-to-end test: captions → vvae's embeddings → the tiny text-guided VAE
(Fixtures/models/tinytext) must reconstruct as with embeddings recorded from transformers.

Random weights stored as float16 (half the bytes; both sides compute in float32 from the same values), the
tokenizer of Fixtures/t5/tiny (spiece.model, flan-t5-style tokenizer_config.json). Run after make_t5_fixtures.py:

    .venv-ref/bin/python Fixtures/generators/make_t5_wide_fixture.py

Writes Fixtures/t5/wide/{config.json, model.safetensors, spiece.model, tokenizer_config.json, caption.txt,
embeddings.npy, mask.npy}; the caption is cleaned as upstream would before tokenizing (it needs no cleaning: plain
lower-case words), 100 tokens as the tinytext config's t5_model_max_length.
"""
import json
import pathlib
import shutil

import numpy as np
import torch
from transformers import AutoTokenizer, T5Config, T5EncoderModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
T5 = ROOT / "Fixtures" / "t5"
CAPTION = "a grey cat walks slowly across a wooden deck in the sunlight"
MAX_LENGTH = 100


def main():
    torch.manual_seed(7)
    torch.set_num_threads(1)
    out = T5 / "wide"
    out.mkdir(exist_ok=True)
    shutil.copy(T5 / "tiny-bin" / "spiece.model", out / "spiece.model")
    shutil.copy(T5 / "tiny-bin" / "tokenizer_config.json", out / "tokenizer_config.json")
    shutil.copy(T5 / "tiny-bin" / "special_tokens_map.json", out / "special_tokens_map.json")
    config = T5Config(vocab_size=608, d_model=1024, d_kv=16, num_heads=2, d_ff=32, num_layers=1,
                      num_decoder_layers=1, feed_forward_proj="gated-gelu", relative_attention_num_buckets=32,
                      relative_attention_max_distance=128, layer_norm_epsilon=1e-6, is_encoder_decoder=True)
    model = T5EncoderModel(config).eval()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "layer_norm" in name:
                parameter.copy_(1 + 0.1 * torch.randn_like(parameter))
            elif "relative_attention_bias" in name:
                parameter.copy_(0.5 * torch.randn_like(parameter))
            else:
                parameter.copy_(torch.randn_like(parameter) / parameter.shape[-1] ** 0.5)
    model.half().save_pretrained(out, safe_serialization=True)
    (out / "caption.txt").write_text(CAPTION + "\n")

    tokenizer = AutoTokenizer.from_pretrained(str(out))
    encoded = tokenizer([CAPTION], max_length=MAX_LENGTH, padding="max_length", truncation=True,
                        return_attention_mask=True, add_special_tokens=True, return_tensors="pt")
    runner = T5EncoderModel.from_pretrained(out, torch_dtype=torch.float32).eval()
    with torch.no_grad():
        hidden = runner(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).last_hidden_state
    np.save(out / "embeddings.npy", hidden.numpy().astype(np.float32))
    np.save(out / "mask.npy", encoded["attention_mask"].numpy().astype(np.float32))
    print("tokens:", int(encoded["attention_mask"].sum()), "embeddings", tuple(hidden.shape),
          "max |x|", float(hidden.abs().max()))
    for path in sorted(out.iterdir()):
        print(path.name, path.stat().st_size)


if __name__ == "__main__":
    main()
