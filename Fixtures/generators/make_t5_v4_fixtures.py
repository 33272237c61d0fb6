"""Writes Fixtures/t5/v4/: what the upstream code's pinned versions (transformers 4.25.1, tokenizers 0.13.3,
sentencepiece 0.2.0 — VideoVAE+'s requirements.txt) compute on the tiny fixtures that make_t5_fixtures.py wrote.
Run after make_t5_fixtures.py, in its own small venv (no torch there: torch and h5py come from the main dev venv):

    python3.11 -m venv .venv-t5v4
    .venv-t5v4/bin/pip install --only-binary=:all: transformers==4.25.1 tokenizers==0.13.3 sentencepiece==0.2.0 "protobuf<4"
    .venv-t5v4/bin/python Fixtures/generators/make_t5_v4_fixtures.py --torch-site-packages .venv-ref/lib/python3.11/site-packages

Like the upstream T5Embedder, it loads Fixtures/t5/tiny-bin (spiece.model, no tokenizer.json) with AutoTokenizer,
which in 4.25.1 converts the SentencePiece model to a T5TokenizerFast, and T5EncoderModel in float32 and in
bfloat16 (torch_dtype=torch.bfloat16).

- token-ids.json: for every text of Fixtures/t5/token-ids.json (both lists) the ids and tokens of that tokenizer,
  and `slow_ids` (4.25.1's sentencepiece-backed T5Tokenizer, use_fast=False) where those differ.
- encoder-check.json: the encoder run on Fixtures/t5/golden.h5's input ids, compared with the transformers 5 tensors
  there: largest differences of last_hidden_state (float32, bfloat16) and whether 4.25.1's position bias (which
  has the additive mask already added, [B, H, L, L]) equals golden's position_bias + attention_mask_additive.
- tokenizer-pipeline.json: the converted tokenizer's tokenizer.json without the vocabulary and the charsmap (the
  4.x file format: Metaspace with add_prefix_space, no prepend_scheme).
"""
import argparse
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
T5 = os.path.normpath(os.path.join(HERE, "..", "t5"))
OUT = os.path.join(T5, "v4")


def dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_cases_json(path, header, cases, short_header, short_cases):
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = sorted(glob.glob(os.path.join(HERE, "..", "..", ".venv-ref", "lib", "python3*", "site-packages")))
    parser.add_argument("--torch-site-packages", default=default[0] if default else None,
                        help="site-packages holding torch and h5py (appended to sys.path, after this venv's own)")
    args = parser.parse_args()
    sys.path.append(os.path.abspath(args.torch_site_packages))
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    os.environ["HF_HUB_OFFLINE"] = "1"

    import h5py
    import numpy as np
    import sentencepiece
    import tokenizers
    import torch
    import transformers
    from transformers import AutoTokenizer, T5EncoderModel

    torch.set_num_threads(1)
    transformers.logging.set_verbosity_error()
    assert transformers.__version__ == "4.25.1" and tokenizers.__version__ == "0.13.3", "run in .venv-t5v4"
    versions = {"transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
                "sentencepiece": sentencepiece.__version__, "torch": torch.__version__}
    os.makedirs(OUT, exist_ok=True)
    bin_dir = os.path.join(T5, "tiny-bin")

    # ---- tokenizer ----
    tok = AutoTokenizer.from_pretrained(bin_dir)
    slow = AutoTokenizer.from_pretrained(bin_dir, use_fast=False)
    assert type(tok).__name__ == "T5TokenizerFast" and type(slow).__name__ == "T5Tokenizer"
    # Dumped before any call: the 4.x backend keeps the last call's padding and truncation settings.
    pipeline = json.loads(tok.backend_tokenizer.to_str())
    pipeline["model"]["vocab"] = f"<omitted: {len(pipeline['model']['vocab'])} (piece, score) pairs>"
    for normalizer in pipeline["normalizer"]["normalizers"]:
        if normalizer["type"] == "Precompiled":
            normalizer["precompiled_charsmap"] = "<omitted: the nmt_nfkc charsmap of spiece.model>"
    with open(os.path.join(OUT, "tokenizer-pipeline.json"), "w", encoding="utf-8") as handle:
        json.dump(pipeline, handle, ensure_ascii=False, indent=1)
        handle.write("\n")

    with open(os.path.join(T5, "token-ids.json"), encoding="utf-8") as handle:
        reference = json.load(handle)
    cases, differs_v5, slow_differs = [], [], []
    for ref in reference["cases"]:
        text = ref["text"]
        ids = tok(text, add_special_tokens=True)["input_ids"]
        entry = {"text": text, "ids": ids, "tokens": tok.convert_ids_to_tokens(ids),
                 "normalized": tok.backend_tokenizer.normalizer.normalize_str(text)}
        slow_ids = slow(text, add_special_tokens=True)["input_ids"]
        if slow_ids != ids:
            entry["slow_ids"] = slow_ids
            slow_differs.append(text)
        if ids != ref["ids"]:
            differs_v5.append(text)
        cases.append(entry)
    short = reference["max_length_16"]
    short_cases = []
    for ref in short["cases"]:
        enc = tok(ref["text"], max_length=short["max_length"], padding="max_length", truncation=True,
                  return_attention_mask=True, add_special_tokens=True)
        short_cases.append({"text": ref["text"], "ids": enc["input_ids"], "attention_mask": enc["attention_mask"],
                            "tokens": tok.convert_ids_to_tokens(enc["input_ids"])})
        if enc["input_ids"] != ref["ids"] or enc["attention_mask"] != ref["attention_mask"]:
            differs_v5.append(ref["text"])
    write_cases_json(os.path.join(OUT, "token-ids.json"),
                     {"tokenizer": "Fixtures/t5/tiny-bin through AutoTokenizer of transformers 4.25.1 "
                                   "(T5TokenizerFast converted from spiece.model), add_special_tokens=True",
                      "versions": versions},
                     cases, {key: short[key] for key in ("max_length", "padding", "truncation")}, short_cases)

    # ---- encoder ----
    with h5py.File(os.path.join(T5, "golden.h5"), "r") as f:
        input_ids = torch.from_numpy(f["input_ids"][()])
        attention_mask = torch.from_numpy(f["attention_mask"][()])
        captions = json.loads(f.attrs["captions"])
        v5 = {"float32": f["float32/last_hidden_state"][()], "bfloat16": f["bfloat16/last_hidden_state"][()],
              "float64": f["float64/last_hidden_state"][()],
              "bias": f["float32/position_bias"][()], "mask": f["float32/attention_mask_additive"][()]}
    enc = tok(captions, max_length=input_ids.shape[1], padding="max_length", truncation=True,
              return_attention_mask=True, add_special_tokens=True, return_tensors="pt")
    golden_ids_same = bool(torch.equal(enc["input_ids"], input_ids) and torch.equal(enc["attention_mask"],
                                                                                    attention_mask))

    def run(dtype):
        # (upstream also passes low_cpu_mem_usage=True and a device_map, which need accelerate; same weights)
        model = T5EncoderModel.from_pretrained(bin_dir, torch_dtype=dtype).eval()
        kept = {}
        attention = model.encoder.block[0].layer[0].SelfAttention
        hook = attention.register_forward_hook(lambda module, inputs, output: kept.update(bias=output[2].detach()))
        with torch.no_grad():
            hidden = model(input_ids=input_ids, attention_mask=attention_mask)["last_hidden_state"].detach()
        hook.remove()
        return hidden, kept["bias"]

    hidden32, bias32 = run(torch.float32)
    hidden16, _ = run(torch.bfloat16)
    v5_masked = v5["bias"] + v5["mask"]  # float32: finfo.min + bias rounds back to finfo.min-ish values
    stats = {
        "golden_input_ids_same_as_v5": golden_ids_same,
        "float32_max_abs_vs_v5": float(np.abs(hidden32.numpy() - v5["float32"]).max()),
        "float32_max_abs_vs_v5_float64": float(np.abs(hidden32.double().numpy() - v5["float64"]).max()),
        "bfloat16_max_abs_vs_v5": float(np.abs(hidden16.float().numpy() - v5["bfloat16"]).max()),
        "bfloat16_max_abs_vs_v5_float64": float(np.abs(hidden16.double().numpy() - v5["float64"]).max()),
        "position_bias_masked_equal_v5_bias_plus_mask": bool(np.array_equal(bias32.numpy(), v5_masked)),
    }
    # The tensors came out bit-identical to the transformers 5 ones when this was written, so only the comparison
    # is kept (a difference here means golden.h5 no longer stands for the upstream versions).
    with open(os.path.join(OUT, "encoder-check.json"), "w") as handle:
        json.dump({"source": "Fixtures/t5/tiny-bin run by T5EncoderModel of transformers 4.25.1 on "
                             "Fixtures/t5/golden.h5's input_ids, compared with golden.h5",
                   "versions": versions, **stats}, handle, indent=1)
        handle.write("\n")
    print(json.dumps({"versions": versions, "token_texts_differing_from_v5": differs_v5,
                      "slow_differs_from_fast": slow_differs, **stats}, ensure_ascii=False, indent=1),
          file=sys.stderr)


if __name__ == "__main__":
    main()
