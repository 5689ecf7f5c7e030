"""The generative mode against a fake OpenAI-compatible server on localhost."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from osnqa.cli import main

from conftest import CORPUS


class FakeChat(BaseHTTPRequestHandler):
    reply = ""
    seen: list = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeChat.seen.append(body)
        out = json.dumps({"choices": [{"message": {"role": "assistant", "content": FakeChat.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), FakeChat)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def ask(index, url, question="Hur hög var sjukfrånvaron per augusti?"):
    out = CliRunner().invoke(main, ["ask", question, "--index", str(index), "--llm", url, "--json",
                                    "--year", "2025", "--part", "Bilaga 1"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_verified_quotes_become_exact_citations(built_index, server):
    FakeChat.reply = "Sjukfrånvaron var “7,65% vilket var lägre än föregående år” [1]. Påhittat: “nämnden köpte 40 robotar” [9]."
    data = ask(built_index, server)
    prompt = FakeChat.seen[-1]["messages"][1]["content"]
    assert "[1]" in prompt and "Fråga: Hur hög var sjukfrånvaron" in prompt
    assert data["mode"] == "llm" and not data["abstained"]
    assert "robotar" not in data["answer"] and "[9]" not in data["answer"]
    assert any("robotar" in f for f in data["flags"]) and any("[9]" in f for f in data["flags"])
    quotes = [c for c in data["citations"] if "7,65%" in c["quote"]]
    assert quotes
    for c in data["citations"]:
        s = c["source"]
        text = (CORPUS / s["file"]).read_text(encoding="utf-8")
        assert text[s["start"] : s["end"]] == c["quote"]


def test_model_may_say_the_documents_do_not_answer(built_index, server):
    FakeChat.reply = "Det står inte i underlaget."
    assert ask(built_index, server)["abstained"] is True


def test_unreachable_endpoint_is_a_clear_error(built_index):
    out = CliRunner().invoke(main, ["ask", "Vad hände?", "--index", str(built_index), "--llm", "http://127.0.0.1:9"])
    assert out.exit_code == 1
    assert "språkmodellen" in out.stderr and "--llm" in out.stderr
