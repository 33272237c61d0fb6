"""Writes Fixtures/t5/: a tiny SentencePiece Unigram tokenizer in T5's layout, a tiny flan-t5-shaped T5 with
perturbed random weights, and what transformers computes with them, for vvae's Swift T5 text encoder and tokenizer.
Dev-only: needs torch, transformers, sentencepiece, tokenizers, safetensors, h5py, numpy. Everything is made here
(no download): the tokenizer is trained on captions this script writes, the model is random.

- tiny/: spiece.model (trained here), the T5 tokenizer files transformers saves (tokenizer.json,
  tokenizer_config.json, special_tokens_map.json), config.json and model.safetensors.
- tiny-bin/: the encoder as a torch.save'd pytorch_model.bin (shared.weight and encoder.embed_tokens.weight one
  storage) with config.json in the hub's 4.x form, and the tokenizer as spiece.model + tokenizer_config.json +
  special_tokens_map.json only (no tokenizer.json): the layout the upstream code downloads.
- golden.h5: input ids and masks for four captions and the T5EncoderModel tensors (embeddings, position bias, block
  outputs, block-0 intermediates, last hidden state) in float32 and float64, and the bfloat16 last hidden state.
- buckets.json: T5's relative position bucket for every relative position in -600..600, three settings.
- token-ids.json: ids and tokens of 145 strings (hard Unicode cases among them), plus a padded/truncated list.
Then make_t5_v4_fixtures.py records what the upstream-pinned transformers 4.25.1 makes of the same files.

    .venv-ref/bin/python Fixtures/generators/make_t5_fixtures.py
    .venv-ref/bin/python Fixtures/generators/make_t5_fixtures.py --full-size /tmp/t5-large-random   # benchmark only

See README-t5.md. The output is deterministic (fixed seeds, one thread).
"""
import argparse
import io
import json
import math
import os
import random
import shutil
import sys

import numpy as np
import torch

torch.set_num_threads(1)
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import h5py  # noqa: E402
import sentencepiece as spm  # noqa: E402
import tokenizers  # noqa: E402
import transformers  # noqa: E402
from transformers import T5Config, T5EncoderModel, T5ForConditionalGeneration, T5TokenizerFast  # noqa: E402
from transformers.models.t5.modeling_t5 import T5Attention  # noqa: E402

transformers.logging.set_verbosity_error()

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "t5"))
VOCAB_SIZE = 600
EXTRA_IDS = 4
GOLDEN_MAX_LENGTH = 32
SHORT_MAX_LENGTH = 16


# ----------------------------------------------------------------------------------------------------------------
# 1. Training captions (our own templates) and the SentencePiece model
# ----------------------------------------------------------------------------------------------------------------

SUBJECTS = ["a young woman", "an old man", "a small dog", "a black cat", "two children", "a group of friends",
            "a red fox", "a brown horse", "a cyclist", "a chef", "a street musician", "a surfer", "a toddler",
            "three ducks", "a white swan", "a golden retriever", "a barista", "a skateboarder", "a farmer",
            "a pair of dancers", "a hummingbird", "a sea turtle", "an elderly couple", "a painter", "a drone",
            "a delivery truck", "a yellow taxi", "a sailboat", "a steam train", "a hot air balloon"]
ACTIONS = ["walks slowly along", "runs quickly across", "sits quietly beside", "jumps over", "dances in front of",
           "rides a bicycle through", "looks out over", "plays with a ball near", "drinks coffee at", "waves from",
           "paints a picture of", "swims towards", "climbs up", "rests under", "glides above", "moves through",
           "stands still in", "laughs together in", "carries a basket across", "films the view from"]
PLACES = ["a busy city street", "a quiet forest path", "the sandy beach", "a snowy mountain", "a crowded market",
          "an empty parking lot", "a wooden bridge", "the old harbour", "a sunny garden", "a rainy avenue",
          "the train station", "a small kitchen", "a modern office", "the river bank", "a football field",
          "a narrow alley", "the desert dunes", "a neon-lit arcade", "a frozen lake", "the rooftop terrace"]
TIMES = ["at sunrise", "at dusk", "in the afternoon", "late at night", "during a storm", "on a foggy morning",
         "under bright sunlight", "in soft evening light", "in the rain", "on a windy day"]
COLOURS = ["red", "orange", "yellow", "green", "blue", "purple", "pink", "grey", "golden", "silver", "turquoise",
           "crimson", "beige", "navy", "violet"]
OBJECTS = ["umbrella", "scarf", "jacket", "kite", "lantern", "backpack", "hat", "balloon", "flag", "blanket",
           "bicycle", "guitar", "teacup", "notebook", "camera"]
CAMERA = ["The camera pans slowly to the left.", "The camera zooms in on the details.", "The shot is handheld.",
          "The video is shot in slow motion.", "A close-up shows the texture clearly.",
          "The scene is filmed from a low angle.", "The footage looks grainy and warm.",
          "The background is softly blurred.", "The lighting is natural and even.", "A wide shot reveals the area."]
ADJECTIVES = ["bright", "gloomy", "peaceful", "crowded", "colourful", "ancient", "tiny", "enormous", "shiny",
              "dusty", "elegant", "playful", "mysterious", "cheerful", "sleepy", "rugged", "glittering", "vintage",
              "futuristic", "cosy", "chilly", "humid", "serene", "chaotic", "majestic"]
GERUNDS = ["cooking", "singing", "reading", "juggling", "fishing", "knitting", "gardening", "skating", "typing",
           "sketching", "hiking", "kayaking", "baking", "whistling", "stretching", "polishing", "sweeping",
           "photographing", "repairing", "assembling"]
MOODS = ["The atmosphere feels calm and relaxed.", "Everything seems joyful and energetic.",
         "The mood is tense, almost dramatic.", "It looks like a documentary about wildlife.",
         "Viewers might describe it as nostalgic.", "Several vehicles honk impatiently nearby.",
         "Leaves rustle while birds chirp overhead.", "Reflections shimmer on the wet pavement.",
         "Smoke rises from a chimney in the distance.", "Snowflakes drift past the window."]
THINGS = ["pancakes", "strawberries", "a violin", "a saxophone", "sunflowers", "a lighthouse", "a waterfall",
          "a volcano", "penguins", "giraffes", "a spaceship", "a typewriter", "fireworks", "seashells",
          "a chessboard", "a telescope", "butterflies", "a carousel", "a windmill", "dinosaurs"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty"]
FOREIGN = ["Un garçon mange une crème brûlée au café près de la façade.",
           "Une élève naïve découvre l'été à Montréal, où il fait très chaud.",
           "Der Müller geht über die Straße und grüßt die schöne Bäckerin.",
           "Im Café in Zürich trinkt man Kaffee mit Sahne; Grüße aus Köln!",
           "A piñata hangs above the jalapeño stand in São Paulo.",
           "The menu lists a crêpe, a soufflé, a purée and a smörgåsbord.",
           "Ein Fußgänger überquert die Brücke; die Kühe grasen ruhig.",
           "À côté de l'hôtel, un maître d'hôtel sert un apéritif.",
           "Señor Núñez walks past the façade of the Café Müller.",
           "Les œufs et le bœuf sont prêts; déjà vu, déjà fait."]


def training_captions():
    """A few hundred templated English captions plus accented French/German lines (our own text)."""
    rng = random.Random(20240611)
    lines = []
    for i in range(720):
        subject, action, place = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(PLACES)
        kind = i % 9
        if kind == 0:
            line = f"The video shows {subject} who {action} {place} {rng.choice(TIMES)}."
        elif kind == 1:
            line = (f"{subject[0].upper()}{subject[1:]} with a {rng.choice(COLOURS)} {rng.choice(OBJECTS)} "
                    f"{action} {place}. {rng.choice(CAMERA)}")
        elif kind == 2:
            line = (f"In this clip, {rng.choice(NUMBERS)} people and {subject} appear near {place}; "
                    f"the {rng.choice(OBJECTS)} is {rng.choice(COLOURS)}.")
        elif kind == 3:
            line = (f"Scene {rng.randint(1, 99)}: {subject} {action} {place}, about {rng.randint(2, 500)} metres "
                    f"away, filmed at {rng.choice([24, 25, 30, 60, 120])} fps in {rng.choice(['4K', '1080p', '720p'])}.")
        elif kind == 4:
            line = (f"A {rng.choice(COLOURS)} and {rng.choice(COLOURS)} {rng.choice(OBJECTS)} lies near {place} "
                    f"{rng.choice(TIMES)}, while {subject} {action} it. {rng.choice(CAMERA)}")
        elif kind == 6:
            line = (f"A {rng.choice(ADJECTIVES)} scene: {subject} is {rng.choice(GERUNDS)} in a "
                    f"{rng.choice(ADJECTIVES)} room. {rng.choice(MOODS)}")
        elif kind == 7:
            line = (f"Someone keeps {rng.choice(GERUNDS)} and {rng.choice(GERUNDS)} {rng.choice(TIMES)}, next to "
                    f"a {rng.choice(ADJECTIVES)} {rng.choice(COLOURS)} {rng.choice(OBJECTS)}. {rng.choice(MOODS)}")
        elif kind == 8:
            line = (f"Close to {rng.choice(THINGS)}, {subject} {action} {rng.choice(THINGS)}; "
                    f"{rng.choice(NUMBERS)} {rng.choice(['seconds', 'minutes', 'hours'])} later it is over.")
        else:
            line = (f"\"{subject.capitalize()}!\" someone shouts, as the {rng.choice(OBJECTS)} (size "
                    f"{rng.randint(1, 9)}.{rng.randint(0, 9)} m) {rng.choice(['falls', 'flies', 'rolls', 'spins'])} "
                    f"- it's {rng.choice(['amazing', 'funny', 'strange', 'beautiful'])}.")
        lines.append(line)
    for repeat in range(3):
        lines.extend(FOREIGN)
    return lines


def train_spiece(path):
    """Trains a Unigram model in T5's special-id layout on the captions; writes the .model bytes to `path`.
    The model proto carries no file names (sentence iterator in, bytes out)."""
    spm.set_random_generator_seed(1234)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_captions()),
        model_writer=model,
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        normalization_rule_name="nmt_nfkc",
        character_coverage=1.0,
        pad_id=0, pad_piece="<pad>",
        eos_id=1, eos_piece="</s>",
        unk_id=2, unk_piece="<unk>",
        bos_id=-1,
        byte_fallback=False,
        num_threads=1,
        minloglevel=2,
    )
    with open(path, "wb") as handle:
        handle.write(model.getvalue())


SPECIAL_TOKENS_MAP = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
                      "additional_special_tokens": [f"<extra_id_{i}>" for i in range(EXTRA_IDS)]}
# tokenizer_config.json in the style of the google/flan-t5-* hub files (written by transformers 4.x), for tiny-bin.
LEGACY_TOKENIZER_CONFIG = {"additional_special_tokens": SPECIAL_TOKENS_MAP["additional_special_tokens"],
                           "eos_token": "</s>", "extra_ids": EXTRA_IDS, "model_max_length": 512, "pad_token": "<pad>",
                           "sp_model_kwargs": {}, "tokenizer_class": "T5Tokenizer", "unk_token": "<unk>"}


def write_json(path, value, **kwargs):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, **kwargs)
        handle.write("\n")


def make_tokenizer(folder):
    """The T5 tokenizer transformers builds from `folder`/spiece.model (T5TokenizerFast(vocab_file=...) is not used:
    in transformers 5 that constructor ignores vocab_file and builds an 8-token placeholder vocabulary; the
    conversion from the .model happens in from_pretrained). save_pretrained writes tokenizer.json and
    tokenizer_config.json; transformers 5 no longer writes special_tokens_map.json, so it is written here."""
    tok = T5TokenizerFast.from_pretrained(folder, extra_ids=EXTRA_IDS)
    tok.save_pretrained(folder)
    write_json(os.path.join(folder, "special_tokens_map.json"), SPECIAL_TOKENS_MAP, indent=2)
    return T5TokenizerFast.from_pretrained(folder)


# ----------------------------------------------------------------------------------------------------------------
# 2. The tiny model
# ----------------------------------------------------------------------------------------------------------------

def tiny_config(vocab_size):
    return T5Config(vocab_size=vocab_size, d_model=64, d_kv=16, num_heads=4, d_ff=160, num_layers=2,
                    num_decoder_layers=1, feed_forward_proj="gated-gelu", relative_attention_num_buckets=32,
                    relative_attention_max_distance=128, layer_norm_epsilon=1e-6, tie_word_embeddings=False,
                    is_encoder_decoder=True, dropout_rate=0.1, decoder_start_token_id=0, pad_token_id=0,
                    eos_token_id=1)


def perturb(model, generator):
    """Moves every parameter away from its initial value so no weight is a default (ones, zeros, tied copies)."""
    with torch.no_grad():
        for name, param in model.named_parameters():
            noise = torch.randn(param.shape, generator=generator, dtype=torch.float32)
            if "layer_norm" in name:
                param.copy_(1.0 + 0.1 * noise)
            elif "relative_attention_bias" in name:
                param.copy_(0.5 * noise)
            else:
                param.add_(0.05 * param.std() * noise)


def make_model(vocab_size):
    torch.manual_seed(0)
    model = T5ForConditionalGeneration(tiny_config(vocab_size)).eval()
    perturb(model, torch.Generator().manual_seed(1))
    return model


def legacy_config(tiny_dir):
    """config.json as the flan-t5 hub files have it (transformers 4.x): `tie_word_embeddings: false`, `torch_dtype`.
    transformers 5 rewrites T5 configs on save (tie_word_embeddings forced to true, the old value kept as
    `scale_decoder_outputs`); it reads this form back to the same model."""
    with open(os.path.join(tiny_dir, "config.json")) as handle:
        config = json.load(handle)
    config.pop("scale_decoder_outputs")
    config["tie_word_embeddings"] = False
    config["torch_dtype"] = config.pop("dtype")
    config.pop("transformers_version")
    return dict(sorted(config.items()))


def save_bin_copy(tiny_dir, bin_dir):
    """tiny-bin/: the encoder as a torch.save'd pytorch_model.bin (the state dict of T5EncoderModel loaded from
    tiny/: `shared.weight` and `encoder.embed_tokens.weight` are one tensor, so one storage in the file, then
    `encoder.*`; no decoder, to keep the fixtures small), config.json in the hub's 4.x form, and the tokenizer as
    the upstream code downloads it: spiece.model, tokenizer_config.json, special_tokens_map.json, no tokenizer.json."""
    os.makedirs(bin_dir, exist_ok=True)
    encoder = T5EncoderModel.from_pretrained(tiny_dir, dtype=torch.float32)
    state = encoder.state_dict()
    assert state["shared.weight"].data_ptr() == state["encoder.embed_tokens.weight"].data_ptr()
    torch.save(state, os.path.join(bin_dir, "pytorch_model.bin"))
    write_json(os.path.join(bin_dir, "config.json"), legacy_config(tiny_dir), indent=2)
    for name in ["spiece.model", "special_tokens_map.json"]:
        shutil.copyfile(os.path.join(tiny_dir, name), os.path.join(bin_dir, name))
    write_json(os.path.join(bin_dir, "tokenizer_config.json"), LEGACY_TOKENIZER_CONFIG, indent=2)
    return sorted(state)


# ----------------------------------------------------------------------------------------------------------------
# 3. Golden tensors
# ----------------------------------------------------------------------------------------------------------------

# float64/ keeps the stage outputs; the block-0 intermediates are in float32/ only (size), and float64 embeddings
# would just be the float32 ones widened (a lookup of float32 weights).
FLOAT64_RECORDS = ["position_bias", "block.0", "block.1", "last_hidden_state"]

GOLDEN_CAPTIONS = [
    "A black cat sleeps.",
    "The video shows a young woman with a blue umbrella at dusk.",
    "In this long clip, two children and a golden retriever play with a ball near the old harbour, while a "
    "sailboat glides above the water, a street musician plays the guitar, and three ducks swim towards the wooden "
    "bridge under bright sunlight. The footage looks grainy and warm.",
    "",
]


def run_encoder(model, batch):
    """Runs T5EncoderModel with forward hooks; returns name -> tensor (detached, original dtype)."""
    records = {}
    hooks = []

    def keep(name, index=None):
        def hook(module, args, output):
            value = output if index is None else output[index]
            records[name] = value.detach().clone()
        return hook

    encoder = model.encoder
    hooks.append(encoder.embed_tokens.register_forward_hook(keep("embeddings")))
    attention = encoder.block[0].layer[0].SelfAttention

    def keep_attention(module, args, kwargs, output):
        records["block.0.layer.0.SelfAttention"] = output[0].detach().clone()
        records["position_bias"] = output[1].detach().clone()
        mask = kwargs.get("mask")
        # eager attention gets a [B, 1, L, L] additive mask, the same for every query row: keep row 0, [B, 1, 1, L]
        assert mask is not None and bool((mask == mask[:, :, :1, :]).all())
        records["attention_mask_additive"] = mask[:, :, :1, :].detach().clone()
    hooks.append(attention.register_forward_hook(keep_attention, with_kwargs=True))
    block0 = encoder.block[0]
    hooks.append(block0.layer[0].layer_norm.register_forward_hook(keep("block.0.layer.0.layer_norm")))
    hooks.append(block0.layer[1].layer_norm.register_forward_hook(keep("block.0.layer.1.layer_norm")))
    hooks.append(block0.layer[1].DenseReluDense.register_forward_hook(keep("block.0.layer.1.DenseReluDense")))
    for i, block in enumerate(encoder.block):
        hooks.append(block.register_forward_hook(keep(f"block.{i}", 0)))
    try:
        with torch.no_grad():
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    finally:
        for hook in hooks:
            hook.remove()
    records["last_hidden_state"] = out.last_hidden_state.detach().clone()
    return records


def load_encoder(folder, dtype):
    return T5EncoderModel.from_pretrained(folder, dtype=dtype, attn_implementation="eager").eval()


def write_golden(tok, tiny_dir, path):
    batch = tok(GOLDEN_CAPTIONS, max_length=GOLDEN_MAX_LENGTH, padding="max_length", truncation=True,
                return_attention_mask=True, add_special_tokens=True, return_tensors="pt")
    model32 = load_encoder(tiny_dir, torch.float32)
    rec32 = run_encoder(model32, batch)
    model64 = load_encoder(tiny_dir, torch.float32).double()
    rec64 = run_encoder(model64, batch)
    # bfloat16 as the upstream code loads it (from_pretrained with dtype=bfloat16). Every weight is bfloat16:
    # T5's _keep_in_fp32_modules ("wo") only applies to float16 in transformers 5 (and did not exist in 4.25.1).
    model16 = load_encoder(tiny_dir, torch.bfloat16)
    wo_dtype = model16.encoder.block[0].layer[1].DenseReluDense.wo.weight.dtype
    assert wo_dtype == torch.bfloat16
    rec16 = run_encoder(model16, batch)

    with h5py.File(path, "w", track_order=True, libver=("v108", "v110")) as f:
        f.attrs["captions"] = json.dumps(GOLDEN_CAPTIONS, ensure_ascii=False)
        f.attrs["max_length"] = GOLDEN_MAX_LENGTH
        f.attrs["versions"] = json.dumps(versions())
        f["input_ids"] = batch["input_ids"].numpy().astype(np.int64)
        f["attention_mask"] = batch["attention_mask"].numpy().astype(np.int64)
        for group_name, rec, names in [("float32", rec32, list(rec32)), ("float64", rec64, FLOAT64_RECORDS)]:
            group = f.create_group(group_name, track_order=True)
            for name in names:
                group[name] = rec[name].numpy()
        group = f.create_group("bfloat16", track_order=True)
        group["last_hidden_state"] = rec16["last_hidden_state"].float().numpy()
        group.attrs["wo_dtype"] = str(wo_dtype)
    summary = {
        "float32_vs_float64_max_abs": float((rec32["last_hidden_state"].double() - rec64["last_hidden_state"])
                                            .abs().max()),
        "bfloat16_vs_float64_max_abs": float((rec16["last_hidden_state"].double() - rec64["last_hidden_state"])
                                             .abs().max()),
        "last_hidden_state_max_abs": float(rec64["last_hidden_state"].abs().max()),
        "bfloat16_wo_dtype": str(wo_dtype),
        "records": {name: list(value.shape) for name, value in rec32.items()},
    }
    return batch, summary


# ----------------------------------------------------------------------------------------------------------------
# 4. Relative position buckets
# ----------------------------------------------------------------------------------------------------------------

BUCKET_SETTINGS = [(32, 128), (32, 64), (16, 32)]
BUCKET_RANGE = 600


def numpy_buckets(relative, num_buckets, max_distance, dtype):
    """The same formula as transformers' T5Attention._relative_position_bucket (bidirectional), every float
    operation in `dtype` (np.float32 or np.float64)."""
    half = num_buckets // 2
    buckets = (relative > 0).astype(np.int64) * half
    distance = np.abs(relative)
    max_exact = half // 2
    is_small = distance < max_exact
    with np.errstate(divide="ignore"):
        scaled = (np.log(distance.astype(dtype) / dtype(max_exact))
                  / dtype(math.log(max_distance / max_exact)) * dtype(half - max_exact))
    large = max_exact + np.where(is_small, 0, scaled).astype(np.int64)
    large = np.minimum(large, half - 1)
    return buckets + np.where(is_small, distance, large)


def write_buckets(path):
    relative = torch.arange(-BUCKET_RANGE, BUCKET_RANGE + 1, dtype=torch.long)
    settings, findings = [], []
    for num_buckets, max_distance in BUCKET_SETTINGS:
        ref = T5Attention._relative_position_bucket(relative, bidirectional=True, num_buckets=num_buckets,
                                                    max_distance=max_distance).numpy()
        entry = {"num_buckets": num_buckets, "max_distance": max_distance, "bidirectional": True,
                 "relative_position_first": -BUCKET_RANGE, "buckets": ref.tolist()}
        settings.append(entry)
        for dtype in (np.float32, np.float64):
            mine = numpy_buckets(relative.numpy(), num_buckets, max_distance, dtype)
            differ = relative.numpy()[mine != ref].tolist()
            findings.append({"num_buckets": num_buckets, "max_distance": max_distance,
                             "dtype": np.dtype(dtype).name, "differs_at": differ})
    with open(path, "w") as handle:
        json.dump({"source": "transformers.models.t5.modeling_t5.T5Attention._relative_position_bucket (torch, "
                             "bidirectional=True); buckets[i] is for relative position (memory - query) = first + i",
                   "settings": settings}, handle, separators=(",", ":"))
        handle.write("\n")
    return findings


# ----------------------------------------------------------------------------------------------------------------
# 5. Token id corpus
# ----------------------------------------------------------------------------------------------------------------

# The six example captions shipped with VideoVAE+ (examples/videos/gt/{40,8,animal,closeshot,face,view}.txt):
# short data, copied so the tokenizer is checked on exactly what the upstream demo encodes.
UPSTREAM_CAPTIONS = [
    "The video features a gray tabby cat lying on a wooden deck, grooming itself in the sunlight. The cat is seen "
    "licking its paw and then using it to clean its face and fur. The background includes some greenery, indicating "
    "an outdoor setting.",
    "The video showcases a glassblowing process, featuring a skilled artisan working with molten glass in a furnace. "
    "The scene is set in a dark environment with a bright orange glow from the furnace illuminating the glass and "
    "the artisan's tools. The glassblowing process involves shaping and manipulating the molten glass to create "
    "various forms, highlighting the intricate and artistic nature of this traditional craft.",
    "The video features a juvenile Black-crowned Night Heron perched on a branch. The heron is primarily gray and "
    "brown with white speckling on its feathers. It has a long, pointed beak and is actively preening its feathers, "
    "using its beak to smooth and clean them. The background is a soft, blurred green, suggesting foliage and "
    "possibly other trees. The lighting is natural and warm, indicating that the shot was likely taken during the "
    "day. The overall tone of the video is peaceful and focused on the natural behavior of the bird. A small logo "
    "\"8 EARTH\" is visible in the bottom left corner.",
    "The video features a detailed macro view of a 50mm prime lens, likely for a DSLR or mirrorless camera. The "
    "image highlights the lens's build quality, showcasing the textured grip and the aperture markings ranging from "
    "f/1.8 to f/16. The distance scale is also visible, indicating focus points. A red accent ring around the lens "
    "barrel provides a subtle visual highlight. The lens's glass reflects light, creating a soft, out-of-focus bokeh "
    "effect. This shot emphasizes the precision and design of professional camera equipment.",
    "The video captures a man with a beard and glasses is talking to the camera. He is gesturing with his hands as "
    "he explains something. Behind him, there are Star Trek action figures in their boxes and other items on a "
    "wooden cabinet. The man is likely discussing or explaining a process or topic.",
    "The video captures the vibrant and unique atmosphere of Fremont Street in Las Vegas. The combination of the "
    "large mechanical praying mantis, the fire effects, and the text overlay suggests a lively and engaging walking "
    "tour experience. The video is likely the title card or intro to a video about Fremont Street.",
]

HARD_CASES = [
    # plain and lower-cased
    "a cat", "The cat sat on the mat.", "the video features a gray tabby cat lying on a wooden deck.",
    "THE VIDEO SHOWS A RED FOX", "hello", "Hello, World!",
    # accents, precomposed and combining
    "café crème brûlée", "cafe\u0301", "e\u0301t\u00e9", "niño jalapeño piñata", "Müller über Straße",
    "ü vs u\u0308", "Å Ω ﬀ", "a\u0300\u0301", "a\u0300\u0301\u0302", "Ǆ ǅ ǆ", "İstanbul ıi",
    # compatibility forms (NFKC)
    "ＡＢＣ１２３", "Ｈｅｌｌｏ　ｗｏｒｌｄ", "ﬁsh ﬂower oﬃce", "Ⅻ Ⅳ ⅸ", "① ② ⑳", "x² + y³ = z⁴", "H₂O", "½ ¼ ¾",
    "™ ℃ № ㎏", "ｶﾀｶﾅ", "…", "＂quoted＂ ＜tag＞",
    # spaces
    "a\u00a0b", "a\u2003b", "a\u3000b", "a\u2009b\u202fc", "a\tb", "a\nb", "a\r\nb", "line1\n\nline2",
    "a  b", "a     b", "  leading", "trailing  ", "  both  ", "\t tab and space \n", " \u00a0 ", "\n",
    # control, zero-width and format characters
    "a\u0007b", "a\u200bb", "\ufeffBOM at start", "soft\u00adhyphen", "a\u200db", "a\u200cb", "a\u2060b",
    "a\u0000b", "x\u001fy", "a\u0085b", "a\u2028b\u2029c", "\u202eright-to-left override",
    # emoji
    "🙂", "a 🙂 b", "👩‍👩‍👧‍👦 family", "🇫🇷🇩🇪", "👍🏽 thumbs", "❤️", "1️⃣", "🏳️‍🌈",
    # scripts
    "猫が座っている", "一只猫坐在垫子上。", "Кошка сидит на ковре.", "القط يجلس على السجادة",
    "बिल्ली चटाई पर बैठी है", "고양이가 앉아 있다", "\u1100\u1161\u11a8 jamo", "แมวนั่งบนเสื่อ", "Γάτα",
    "עברית", "ქართული",
    # markup, numbers, punctuation
    "https://example.com/path?q=1&r=two#frag", "<b>bold</b> <br/>", "&amp; &lt; &#39;", "3.14159 -42 1,000,000",
    "f/1.8 50mm 4K 1080p", "2024-06-11T12:00:00Z", "!!!???...", "---***___", "(a) [b] {c}", "\"'`",
    "C:\\path\\to\\file", "@user #hashtag $5 %20 ^ ~",
    # the special tokens written literally
    "a </s> b", "<pad>", "<extra_id_0> x", "<unk>", "</s>", "x</s>y", "<extra_id_3><extra_id_0>",
    "<extra_id_4>", "<s>", "<PAD>", "< pad >", "＜/s＞", "＜pad＞ ＜unk＞", "＜extra_id_0＞", "a<pad>b</s>",
    # edge lengths
    "", " ", "  ", "a", ".",
]

RANDOM_ALPHABET = (list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"()-/")
                   + ["é", "ñ", "ü", "ß", "ç", "\u0301", "\u0308", "Ａ", "１", "ﬁ", "Ⅻ", "①", "²", "\u00a0", "\u2003",
                      "\u3000", "\t", "\n", "  ", "\u200b", "\ufeff", "\u00ad", "\u0007", "🙂", "👍🏽", "🇫🇷",
                      "\u200d", "猫", "Ж", "ق", "ब", "ि", "고", "\u1100\u1161", "แ", "<pad>", "</s>", "<unk>",
                      "<extra_id_1>", " ", " ", " ", " "])
RANDOM_WORDS = ["the", "video", "cat", "street", "camera", "light", "green", "slowly", "café", "Straße", "über"]


def random_strings(count):
    rng = random.Random(7)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 14)):
            if rng.random() < 0.35:
                parts.append(rng.choice(RANDOM_WORDS))
            else:
                parts.append(rng.choice(RANDOM_ALPHABET))
        out.append("".join(parts))
    return out


def long_text():
    rng = random.Random(11)
    sentences = []
    total = 0
    while total < 3000:
        s = (f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(ACTIONS)} {rng.choice(PLACES)} "
             f"{rng.choice(TIMES)}.")
        sentences.append(s)
        total += len(s) + 1
    return " ".join(sentences)


TRUNCATION_CASES = [
    "", "a cat", "The cat sat on the mat.", UPSTREAM_CAPTIONS[4], "a </s> b", "  leading and trailing  ",
    "ＡＢＣ１２３ ﬁsh", "🙂 🙂 🙂", "one two three four five six seven eight nine ten eleven twelve thirteen",
    "a\nb\tc", "<extra_id_0>" * 20,
]


def token_corpus():
    return UPSTREAM_CAPTIONS + HARD_CASES + [long_text()] + random_strings(30)


def write_cases_json(path, header, cases, short_header, short_cases):
    """JSON with one case per line (diffable, compact)."""
    def dump(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    lines = ["{"] + [f" {dump(key)}:{dump(value)}," for key, value in header.items()] + [' "cases":[']
    lines += [f"  {dump(case)}," for case in cases]
    lines[-1] = lines[-1][:-1]
    lines += [" ],", ' "max_length_16":{'] + [f"  {dump(key)}:{dump(value)}," for key, value in short_header.items()]
    lines += ['  "cases":['] + [f"   {dump(case)}," for case in short_cases]
    lines[-1] = lines[-1][:-1]
    lines += ["  ]", " }", "}"]
    text = "\n".join(lines) + "\n"
    json.loads(text)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def write_token_ids(tok, tok_bin, sp, path):
    """`tok_bin` (tiny-bin, converted from spiece.model without tokenizer.json) must give the same ids."""
    entries, spm_differs = [], []
    for text in token_corpus():
        enc = tok(text, add_special_tokens=True)
        ids = list(enc["input_ids"])
        assert list(tok_bin(text, add_special_tokens=True)["input_ids"]) == ids, repr(text)
        tokens = tok.convert_ids_to_tokens(ids)
        # What the SentencePiece library itself gives (plus </s>): transformers' old slow T5Tokenizer did this
        # (it also split off the special tokens first). Kept to show where the tokenizers pipeline departs from it.
        spm_ids = sp.encode(text) + [1]
        # `normalized`: the backend normalizer alone on the whole text (the tokenizer itself normalizes each piece
        # between special tokens separately; same result unless a special token's neighbours interact).
        entry = {"text": text, "ids": ids, "tokens": tokens, "decoded": tok.decode(ids),
                 "normalized": tok.backend_tokenizer.normalizer.normalize_str(text)}
        if spm_ids != ids:
            entry["spm_ids"] = spm_ids
            spm_differs.append(text)
        entries.append(entry)
    truncated = []
    for text in TRUNCATION_CASES:
        enc = tok(text, max_length=SHORT_MAX_LENGTH, padding="max_length", truncation=True,
                  return_attention_mask=True, add_special_tokens=True)
        truncated.append({"text": text, "ids": list(enc["input_ids"]),
                          "attention_mask": list(enc["attention_mask"]),
                          "tokens": tok.convert_ids_to_tokens(list(enc["input_ids"]))})
    write_cases_json(path, {"tokenizer": "Fixtures/t5/tiny (T5TokenizerFast, add_special_tokens=True)",
                            "versions": versions()},
                     entries, {"max_length": SHORT_MAX_LENGTH, "padding": "max_length", "truncation": True},
                     truncated)
    return entries, spm_differs


# ----------------------------------------------------------------------------------------------------------------
# 7. Full-size random encoder for benchmarks (not a fixture)
# ----------------------------------------------------------------------------------------------------------------

def full_size_config(tiny_variant=False):
    if tiny_variant:
        return T5Config(vocab_size=32128, d_model=32, d_kv=8, num_heads=4, d_ff=48, num_layers=2,
                        num_decoder_layers=1, feed_forward_proj="gated-gelu", relative_attention_num_buckets=32,
                        relative_attention_max_distance=128, tie_word_embeddings=False, decoder_start_token_id=0,
                        pad_token_id=0, eos_token_id=1)
    return T5Config(vocab_size=32128, d_model=1024, d_kv=64, num_heads=16, d_ff=2816, num_layers=24,
                    num_decoder_layers=1, feed_forward_proj="gated-gelu", relative_attention_num_buckets=32,
                    relative_attention_max_distance=128, layer_norm_epsilon=1e-6, tie_word_embeddings=False,
                    decoder_start_token_id=0, pad_token_id=0, eos_token_id=1)


def write_full_size(out_dir, tiny_variant=False):
    """A random-weight flan-t5-large-shaped encoder-decoder (one decoder layer) with the tiny tokenizer, for
    benchmarks. Weights are drawn with small standard deviations (scaled like T5's own init, times 0.5 for the
    output projections) so the residual stream stays well inside float32/bfloat16 range over 24 blocks."""
    config = full_size_config(tiny_variant)
    torch.manual_seed(0)
    with torch.device("meta"):
        model = T5ForConditionalGeneration(config)
    model = model.to_empty(device="cpu")
    generator = torch.Generator().manual_seed(2)
    d_model, d_ff, inner = config.d_model, config.d_ff, config.num_heads * config.d_kv
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "layer_norm" in name:
                std, mean = 0.05, 1.0
            elif "relative_attention_bias" in name:
                std, mean = 0.5, 0.0
            elif name.endswith(("shared.weight", "lm_head.weight")):
                std, mean = 1.0, 0.0
            elif ".o.weight" in name:
                std, mean = 0.5 * inner ** -0.5, 0.0
            elif ".wo.weight" in name:
                std, mean = 0.5 * d_ff ** -0.5, 0.0
            else:
                std, mean = d_model ** -0.5, 0.0
            param.copy_(torch.randn(param.shape, generator=generator) * std + mean)
    model.tie_weights()
    model.eval()
    os.makedirs(out_dir, exist_ok=True)
    model.save_pretrained(out_dir)
    os.chmod(os.path.join(out_dir, "model.safetensors"), 0o644)
    for name in ["spiece.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]:
        shutil.copyfile(os.path.join(OUT, "tiny", name), os.path.join(out_dir, name))
    encoder = T5EncoderModel.from_pretrained(out_dir, attn_implementation="eager").eval()
    tok = T5TokenizerFast.from_pretrained(out_dir)
    batch = tok(UPSTREAM_CAPTIONS[:2], max_length=100, padding="max_length", truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = encoder(**batch).last_hidden_state
    print(f"wrote {out_dir}: last_hidden_state {list(hidden.shape)}, finite={bool(torch.isfinite(hidden).all())}, "
          f"max |x|={float(hidden.abs().max()):.3g}", file=sys.stderr)


# ----------------------------------------------------------------------------------------------------------------

def versions():
    return {"torch": torch.__version__, "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__, "sentencepiece": spm.__version__, "h5py": h5py.__version__,
            "numpy": np.__version__}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full-size", metavar="OUT_DIR", help="write the random flan-t5-large-shaped benchmark "
                        "model there instead of the fixtures (needs Fixtures/t5/tiny)")
    parser.add_argument("--full-size-tiny-variant", action="store_true", help="with --full-size: a small stand-in "
                        "with the same code path, for checking it")
    args = parser.parse_args()
    if args.full_size:
        write_full_size(args.full_size, tiny_variant=args.full_size_tiny_variant)
        return

    tiny_dir, bin_dir = os.path.join(OUT, "tiny"), os.path.join(OUT, "tiny-bin")
    for folder in (tiny_dir, bin_dir):
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)

    spiece_path = os.path.join(tiny_dir, "spiece.model")
    train_spiece(spiece_path)
    sp = spm.SentencePieceProcessor(model_file=spiece_path)
    tok = make_tokenizer(tiny_dir)
    vocab_size = -(-len(tok) // 8) * 8
    model = make_model(vocab_size)
    model.save_pretrained(tiny_dir)
    os.chmod(os.path.join(tiny_dir, "model.safetensors"), 0o644)
    bin_keys = save_bin_copy(tiny_dir, bin_dir)

    batch, golden = write_golden(tok, tiny_dir, os.path.join(OUT, "golden.h5"))
    findings = write_buckets(os.path.join(OUT, "buckets.json"))
    tok_bin = T5TokenizerFast.from_pretrained(bin_dir)
    entries, spm_differs = write_token_ids(tok, tok_bin, sp, os.path.join(OUT, "token-ids.json"))

    print(json.dumps({"spm_pieces": sp.get_piece_size(), "len_tokenizer": len(tok), "model_vocab_size": vocab_size,
                      "golden": golden, "bucket_findings": [f for f in findings if f["differs_at"]],
                      "token_cases": len(entries), "bin_keys": bin_keys, "spm_differs": spm_differs}, ensure_ascii=False, indent=1),
          file=sys.stderr)


if __name__ == "__main__":
    main()
