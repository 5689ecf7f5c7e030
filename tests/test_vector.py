import numpy as np

from osnqa.index import vector
from osnqa.index.store import open_index
from osnqa.sentences import split_sentences


def unit_rows(n, dim=16, seed=3):
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_exact_and_approximate_indexes_find_the_nearest(tmp_path):
    x = unit_rows(300)
    for limit in (1000, 100):  # flat, then HNSW
        index = vector.build(x, exact_limit=limit)
        path = tmp_path / f"v{limit}.faiss"
        vector.save(index, path)
        loaded = vector.load(path, 300)
        hits = vector.search(loaded, x[42], 5)
        assert hits[0][0] == 42 and abs(hits[0][1] - 1.0) < 1e-4
        allowed = np.arange(100, 200)
        hits = vector.search(loaded, x[42], 5, allowed)
        assert hits and all(100 <= r < 200 for r, _ in hits)


def test_every_passage_has_one_vector_per_sentence(built_index):
    index = open_index(built_index)
    for idx in range(0, index.size, 17):
        passage = index.passage(idx)
        vectors = index.sentence_vectors(idx)
        assert len(vectors) == len(split_sentences(passage))
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)
