"""One caption through transformers' T5EncoderModel, as upstream's T5Embedder runs it: the peer of
`vvae embed-text` in Fixtures/bench/bench_text_encoder.sh, and the float64/bfloat16 references of the accuracy
figures in Docs/ACCURACY.md. Dev-only.

    python Fixtures/bench/t5_peer.py --model HF_FOLDER --caption-file cap.txt --max-length 100 --threads 2 \
        --output peer.npy [--dtype float32|float64|bfloat16]

The caption is lower-cased and stripped (upstream's path without preprocessing; vvae's --no-clean), tokenized
with the folder's tokenizer (`padding="max_length"`, truncation, `</s>`), and run with `torch.no_grad()`;
`last_hidden_state` is saved as float32 (float64 for --dtype float64). Weights are loaded in the asked dtype
directly (`torch_dtype`), as upstream loads bfloat16.
"""
import argparse
import time

import numpy as np
import torch
from transformers import AutoTokenizer, T5EncoderModel


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--caption-file", required=True)
    parser.add_argument("--max-length", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", required=True)
    parser.add_argument("--dtype", choices=["float32", "float64", "bfloat16"], default="float32")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    caption = open(args.caption_file, encoding="utf-8").read().lower().strip()
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = T5EncoderModel.from_pretrained(args.model, torch_dtype=dtype).eval()
    tokens = tokenizer([caption], max_length=args.max_length, padding="max_length", truncation=True,
                       return_attention_mask=True, add_special_tokens=True, return_tensors="pt")
    started = time.perf_counter()
    with torch.no_grad():
        hidden = model(input_ids=tokens["input_ids"], attention_mask=tokens["attention_mask"]).last_hidden_state
    elapsed = time.perf_counter() - started
    out = hidden.double().numpy() if args.dtype == "float64" else hidden.float().numpy()
    np.save(args.output, out)
    print(f"encoder {elapsed:.3f} s, {int(tokens['attention_mask'].sum())} tokens")


if __name__ == "__main__":
    main()
