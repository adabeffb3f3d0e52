"""`montage new`: a starter level that loads, checks clean and shows up under Custom."""

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from game.cli import main
from game.core.catalogue import catalogue
from game.core.jsonschema import SCHEMA_PATH
from game.core.lint import lint_level
from game.core.loader import load_level
from game.paths import user_levels_dir
from game.stages import available_stages, get_stage


def schema_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://")
    return Path(unquote(urlparse(first.split("$schema=", 1)[1]).path))


@pytest.mark.parametrize("stage", available_stages())
def test_a_new_level_for_every_stage_loads_and_checks_clean(stage, capsys):
    assert main(["new", f"My {stage} level", "--stage", stage]) == 0
    path = user_levels_dir() / f"My {stage} level.yaml"
    assert str(path) in capsys.readouterr().out
    level = load_level(path)
    assert level.stage == stage
    assert level.id == f"my-{stage}-level" and level.title == f"My {stage.replace('_', ' ')} level"
    assert lint_level(level) == []
    text = path.read_text(encoding="utf-8")
    for ch, sym in get_stage(stage).symbols.items():  # the symbols are explained
        assert f"#   {ch}  {sym.doc}" in text
    assert schema_target(path).is_file()


def test_the_schema_line_points_at_the_installed_schema():
    assert main(["new", "dawn"]) == 0
    assert schema_target(user_levels_dir() / "dawn.yaml") == SCHEMA_PATH


def test_without_installed_docs_a_schema_copy_is_written_beside_the_levels(monkeypatch, tmp_path):
    monkeypatch.setattr("game.commands.new.SCHEMA_PATH", tmp_path / "nowhere.json")
    assert main(["new", "dusk"]) == 0
    target = schema_target(user_levels_dir() / "dusk.yaml")
    assert target == user_levels_dir() / "level.schema.json"
    assert target.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")


def test_it_refuses_to_overwrite_without_force(capsys):
    path = user_levels_dir() / "mine.yaml"
    path.write_text("# my precious work\n", encoding="utf-8")
    assert main(["new", "mine"]) == 1
    assert "--force" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == "# my precious work\n"
    assert main(["new", "mine", "--force"]) == 0
    assert load_level(path).id == "mine"


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".hidden", "x" * 61, "tab\there"])
def test_names_that_are_not_plain_file_names_are_refused(name):
    assert main(["new", name]) == 2
    assert [p.name for p in user_levels_dir().iterdir()] == []


def test_a_name_given_with_its_extension_is_not_doubled():
    assert main(["new", "round.yaml"]) == 0
    assert (user_levels_dir() / "round.yaml").is_file()


def test_the_new_level_appears_under_custom():
    assert main(["new", "Custom One", "--stage", available_stages()[0]]) == 0
    campaign, custom = catalogue(user_levels_dir())
    assert [e.path.name for e in custom] == ["Custom One.yaml"]
    assert custom[0].ok and custom[0].custom and custom[0].level.title == "Custom One"
    assert all(not e.custom for e in campaign)


def test_an_unknown_stage_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit):
        main(["new", "x", "--stage", "no_such_stage"])
    assert "invalid choice" in capsys.readouterr().err
