"""The learned theme model (nlp/learned.py, data/theme_model.json, benchmarks/learn_themes.py):
its combination with the lexicon, its file, and exact predictions (tests marked nlp load the
language models)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hytedocs.errors import HytedocsError
from hytedocs.models import Section, TextBlock, ThemeRole
from hytedocs.nlp import annotate_sections
from hytedocs.nlp.kinds import ORDINARY, PERSONNEL, ROUTINE
from hytedocs.nlp.learned import capped, combine, load_theme_model
from hytedocs.settings import Settings

P, M = ThemeRole.primary, ThemeRole.mentioned


def test_combine_and_needs_the_lexicon_for_primary() -> None:
    probs = {"education": 0.9, "physical_activity": 0.05, "safety": 0.6}
    lexicon = {"physical_activity": P, "education": M, "equality": M}
    # education: probable and found -> primary; physical_activity: found, under the primary
    # threshold but over keep -> mentioned; safety: probable but not found -> nothing ("and");
    # equality: not modelled -> the lexicon's role.
    assert combine(probs, lexicon, "and", 0.2, 0.02) == {
        "education": P, "physical_activity": M, "equality": M}
    # Over the keep threshold only what the model thinks likely stays.
    assert combine(probs, lexicon, "and", 0.2, 0.1) == {"education": P, "equality": M}
    assert combine(probs, lexicon, "model", 0.2, 0.1) == {
        "education": P, "safety": P, "equality": M}


def test_capped_by_kind() -> None:
    roles = {"education": P, "equality": M}
    assert capped(roles, ROUTINE, "cap") == {}
    assert capped(roles, PERSONNEL, "cap") == {"education": M, "equality": M}
    assert capped(roles, PERSONNEL, "none") == {}
    assert capped(roles, ORDINARY, "none") == roles


def test_shipped_model_is_the_cross_validated_variant() -> None:
    model = load_theme_model()
    assert (model.feature_set, model.decision_marks, model.combine) == ("keys", True, "and")
    assert (model.primary_threshold, model.keep_threshold, model.personnel) == (0.2, 0.1, "none")
    assert {"culture_leisure", "education", "ngo_parish", "physical_activity"} <= set(model.themes)


def test_broken_model_file_is_a_typed_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text('{"feature_set": "keys"}', encoding="utf-8")
    with pytest.raises(HytedocsError, match="cannot read the theme model"):
        load_theme_model(str(bad))


def _section(title: str, body: str) -> Section:
    return Section(number=1, title=title, pages=[1], preparation=TextBlock(text=body, pages=[1]))


@pytest.mark.nlp
def test_learned_predictions_on_short_strings() -> None:
    settings = Settings(theme_classifier="learned")
    fi = _section("Liikuntapaikkojen käyttövuorot ja ikäihmisten kuntosaliryhmät",
                  "Liikuntatoimi järjestää ikäihmisille kuntosaliryhmiä ja liikuntaneuvontaa. "
                  "Lautakunta hyväksyy liikuntapaikkojen käyttövuorot.")
    # A Swedish pay § whose words ("småbarnspedagogik", "studerande") name welfare areas.
    sv = _section("Lön för skolsekreterare",
                  "Skolsekreterarens lön fastställs enligt AVTAL. Tillägg för "
                  "småbarnspedagogik och studerande.")
    annotate_sections([fi], "fi", settings)
    annotate_sections([sv], "sv", settings)
    assert [(t.id, t.role.value) for t in fi.themes] == [
        ("older_people", "primary"), ("physical_activity", "primary")]
    assert all(t.evidence for t in fi.themes)
    assert sv.themes == []
