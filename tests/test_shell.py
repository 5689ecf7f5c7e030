from click.testing import CliRunner

from osnqa.cli import main


def test_shell_answers_and_runs_commands(built_index):
    session = "\n".join([
        "Hur hög var sjukfrånvaron per augusti?",
        ":year 2023",
        "Hur stort var överskottet?",
        ":year",
        ":search OSN-2024-00720",
        ":trace uppdrag 34 2025",
        ":verify Sjukfrånvaron per augusti 2025 var 9 procent.",
        ":compare sjukfrånvaro",
        ":help",
        ":okänt",
        ":search",
        ":quit",
        "den här raden läses aldrig",
    ]) + "\n"
    out = CliRunner().invoke(main, ["shell", "--index", str(built_index)], input=session)
    assert out.exit_code == 0, out.output
    text = out.output
    assert "7,65%" in text
    assert "Svarar ur 2023 års dokument." in text and "Alla år." in text
    assert "Sökning: OSN-2024-00720" in text
    assert "Uppdraget över åren" in text
    assert "motsägs" in text
    assert "Jämförelse: sjukfrånvaro" in text
    assert ":verify PÅSTÅENDE" in text  # help
    assert "Okänt kommando :okänt" in text
    assert "Skriv vad som ska sökas efter :search" in text
    assert "aldrig" not in text


def test_shell_ends_on_end_of_input(built_index):
    out = CliRunner().invoke(main, ["shell", "--index", str(built_index)], input="Hur stort var överskottet 2023?\n")
    assert out.exit_code == 0
    assert "Källor:" in out.output
