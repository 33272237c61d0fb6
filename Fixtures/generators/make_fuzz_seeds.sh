#!/usr/bin/env bash
# Writes the seed inputs of every fuzz target into Fixtures/fuzz/<target>/ (README-fuzz.md).
#
# Dev-only: needs a release build of vvae (swift build -c release), ffmpeg, hdf5-tools (h5repack) and
# .venv-ref with h5py, sentencepiece and protobuf. The seeds are a starting point; Tests/Fuzz/fuzz.sh replaces them
# by the minimised corpus that covers at least as much, so re-running this only matters for a new target.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=.build/release
py=.venv-ref/bin/python
out=Fixtures/fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in pickle torch-zip torch-legacy safetensors model-config npy weight-file text-encoder-file latent-file \
         golden-file probe-json tokenizer-json spiece-model caption; do mkdir -p "$out/$t"; done

# Checkpoints: the zip and legacy fixtures, the hostile ones, and the object pickles inside the zips.
cp Fixtures/checkpoints/pickles/*.pkl "$out/pickle/"
for f in bigendian deflated dtypes protocol4 views; do cp "Fixtures/checkpoints/$f.pt" "$out/torch-zip/"; done
cp Fixtures/checkpoints/lightning.ckpt "$out/torch-zip/"
for f in bad_memo huge_length nesting_bomb os_system shape_overrun short_record stack_bomb truncated; do
    cp "Fixtures/checkpoints/hostile/$f.pt" "$out/torch-zip/hostile-$f.pt"
done
for f in dtypes_legacy legacy_view protocol4_legacy views_legacy; do cp "Fixtures/checkpoints/$f.pt" "$out/torch-legacy/"; done
cp Fixtures/checkpoints/hostile/truncated_legacy.pt "$out/torch-legacy/"
"$py" - "$out/pickle" <<'PY'
import glob, os, sys, zipfile
for path in glob.glob('Fixtures/checkpoints/*.pt') + ['Fixtures/checkpoints/lightning.ckpt']:
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        for name in archive.namelist():
            if name.endswith('data.pkl'):
                open(os.path.join(sys.argv[1], os.path.basename(path) + '.data.pkl'), 'wb').write(archive.read(name))
PY

# safetensors: the fixture with every dtype, and two small files written here by the format's definition.
cp Fixtures/safetensors/dtypes.safetensors "$out/safetensors/"
"$py" - "$out/safetensors" <<'PY'
import json, os, struct, sys
def write(name, tensors, metadata):
    header, data = {}, b''
    for key, (dtype, shape, raw) in tensors.items():
        header[key] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata: header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    open(os.path.join(sys.argv[1], name), 'wb').write(struct.pack('<Q', len(text)) + text + data)
write('small-f32.safetensors', {"encoder.conv_in.weight": ("F32", [2, 3], struct.pack('<6f', *range(6))),
                                "encoder.conv_in.bias": ("F16", [2], b'\x00\x3c\x00\x40')}, {"format": "pt"})
write('empty-tensor.safetensors', {"a": ("BF16", [0, 4], b''), "b": ("I64", [1], struct.pack('<q', 7))}, None)
PY

# Configs and .npy files as they are.
cp Configs/*.yaml Fixtures/manifests/configs/*.yaml "$out/model-config/"
cp Fixtures/demo/config.yaml "$out/model-config/demo.yaml"
for m in tiny16z tiny4z tinytext; do cp "Fixtures/models/$m/config.yaml" "$out/model-config/$m.yaml"; done
cp Fixtures/ops/npy/*.npy "$out/npy/"

# HDF5 files written by vvae itself, then cut down to a few small datasets (h5repack without alignment), so an
# input stays well under a megabyte while every attribute and the group tree are as vvae writes them.
for m in tiny4z tiny16z tinytext; do
    "$bin/vvae-convert" "Fixtures/models/$m/$m.ckpt" "$work/$m.h5" --config "Fixtures/models/$m/config.yaml" --quiet
done
"$bin/vvae-convert" Fixtures/t5/wide "$work/t5wide.h5" --quiet
ffmpeg -v error -y -f lavfi -i testsrc=size=64x48:rate=8 -f lavfi -i sine=frequency=440 -t 1 \
    -c:v libx264 -pix_fmt yuv420p -c:a aac "$work/av.mp4"
"$bin/vvae" encode "$work/av.mp4" -o "$out/latent-file/latent-av.h5" --weights "$work/tiny4z.h5" --quiet
"$bin/vvae" encode "$work/av.mp4" -o "$out/latent-file/latent-text.h5" --weights "$work/tinytext.h5" \
    --text-encoder "$work/t5wide.h5" --caption "a red ball" --quiet
"$py" - "$work" "$out" <<'PY'
import h5py, os, shutil, subprocess, sys
work, out = sys.argv[1], sys.argv[2]
def links(group, prefix=''):
    # Every link, not every object: the golden files hard-link one dataset under several names.
    for key in group.keys():
        item, path = group.get(key), prefix + '/' + key
        if isinstance(item, h5py.Group): yield from links(item, path)
        else: yield item.size, path
def trim(source, destination, keep, keep_under=()):
    temporary = destination + '.tmp'
    shutil.copy(source, temporary)
    with h5py.File(temporary, 'r+') as f:
        names = sorted(links(f))
        kept = {name for _, name in names[:keep]}
        for _, name in names:
            if name not in kept and not name.startswith(keep_under): del f[name]
    subprocess.run(['h5repack', '-a', '1', '-L', temporary, destination], check=True)
    os.remove(temporary)
trim(f'{work}/tiny4z.h5', f'{out}/weight-file/w-tiny4z-6.h5', 6)
trim(f'{work}/tinytext.h5', f'{out}/weight-file/w-tinytext-3.h5', 3)
trim(f'{work}/tiny16z.h5', f'{out}/weight-file/w-tiny16z-1.h5', 1)
trim(f'{work}/t5wide.h5', f'{out}/text-encoder-file/t-wide-2.h5', 2, keep_under=('/tokenizer',))
trim('Fixtures/models/tiny4z/golden.h5', f'{out}/golden-file/tiny4z-golden-trimmed.h5', 60)
trim('Fixtures/models/tinytext/golden.h5', f'{out}/golden-file/tinytext-golden-trimmed.h5', 60)
PY

# ffprobe's report as VideoProbe asks for it, with and without -count_packets.
for f in Fixtures/demo/clip.mp4 "$work/av.mp4"; do
    name=$(basename "$f")
    ffprobe -v error -hide_banner -show_streams -show_format -of json "$f" > "$out/probe-json/probe-$name.json"
    ffprobe -v error -hide_banner -count_packets -select_streams 0 -show_streams -show_format -of json "$f" \
        > "$out/probe-json/probe-count-$name.json"
done

# Tokenizers: two 80-piece SentencePiece models trained here (no normaliser; a few user rules, so a small
# precompiled charsmap), and tokenizer.json files built from them in the layout of Fixtures/t5/tiny/tokenizer.json.
"$py" - "$work" "$out" <<'PY'
import base64, copy, json, os, sys
import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as pb
work, out = sys.argv[1], sys.argv[2]
corpus = os.path.join(work, 'corpus.txt')
open(corpus, 'w').write("""A cat sat on the mat. Two dogs run in the park at 12 o'clock.
The café serves crème brûlée; naïve résumé coöperate. Ｆｕｌｌｗｉｄｔｈ text, ﬁ ligature, ① circled.
A red ball bounces slowly across a wooden floor while the camera pans left.
""" * 20)
rules = os.path.join(work, 'rules.tsv')
open(rules, 'w').write("FF26\t66\nFF55\t75\nFF4C\t6C\nFF57\t77\nFF49\t69\nFF44\t64\nFF54\t74\nFF48\t68\nFB01\t66 69\n2460\t31\n3000\t20\n")
common = dict(input=corpus, vocab_size=80, model_type='unigram', pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
              character_coverage=1.0, hard_vocab_limit=False, num_threads=1, minloglevel=2)
spm.SentencePieceTrainer.train(model_prefix=f'{out}/spiece-model/identity', normalization_rule_name='identity', **common)
spm.SentencePieceTrainer.train(model_prefix=f'{out}/spiece-model/rules', normalization_rule_tsv=rules, **common)
for name in ('identity', 'rules'):
    os.remove(f'{out}/spiece-model/{name}.vocab')
template = json.load(open('Fixtures/t5/tiny/tokenizer.json'))
def write(name, model_file, normalizer, extra=2):
    model = pb.ModelProto()
    model.ParseFromString(open(model_file, 'rb').read())
    vocab = [[piece.piece, piece.score] for piece in model.pieces]
    result = copy.deepcopy(template)
    result['model'] = {"type": "Unigram", "unk_id": 2, "vocab": vocab}
    added = [token for token in template['added_tokens'] if token['id'] < 3]
    for k in range(extra):
        added.append({"id": len(vocab) + k, "content": f"<extra_id_{extra - 1 - k}>", "single_word": False,
                      "lstrip": False, "rstrip": False, "normalized": False, "special": True})
    result['added_tokens'] = added
    result['normalizer'] = normalizer(model)
    json.dump(result, open(f'{out}/tokenizer-json/{name}', 'w'), ensure_ascii=False)
charsmap = lambda model: base64.b64encode(model.normalizer_spec.precompiled_charsmap).decode()
write('tok-precompiled.json', f'{out}/spiece-model/rules.model', lambda m: {"type": "Sequence", "normalizers": [
    {"type": "Precompiled", "precompiled_charsmap": charsmap(m)},
    {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]})
write('tok-none.json', f'{out}/spiece-model/identity.model', lambda m: None)
write('tok-nfkc.json', f'{out}/spiece-model/identity.model', lambda m: {"type": "Sequence", "normalizers": [
    {"type": "NFKC"}, {"type": "Lowercase"}, {"type": "Strip", "strip_left": True, "strip_right": True},
    {"type": "Replace", "pattern": {"String": "``"}, "content": "\""}]})

# Captions: 50 of the caption fixtures chosen at random (seed 12) and upstream's own examples.
import random
entries = json.load(open('Fixtures/text/cleaned-captions.json'))['entries']
random.seed(12)
chosen = random.sample([e for e in entries if e['kind'] != 'upstream'], 50) + [e for e in entries if e['kind'] == 'upstream'][:5]
for n, entry in enumerate(chosen):
    open(f'{out}/caption/seed-{n:03d}.txt', 'w').write(entry['caption'])
PY
echo "make_fuzz_seeds.sh: seeds written under $out/"
