"""Unit names → directory units: what `resolve`, `is_placeholder` and `subordinate_level` promise.

The sample notice names its units 24 ways (市政府法制办, 市政府法制办公室 and 政府法制办公室 are one office),
plus two placeholders; the built-in directory must turn them into exactly 22 units.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from dudao.ingest.errors import BadDirectory, IngestError
from dudao.ingest.units import (
    FUZZY_THRESHOLD,
    DirectoryUnit,
    UnitDirectory,
    is_placeholder,
    subordinate_level,
)

# Every verbatim name in the 责任单位 lines of 驻马店市2018年度法治政府建设工作安排, with how often it occurs.
SAMPLE_NAMES = {
    "各有关部门": 37,
    "市政府法制办公室": 20,
    "市政府办公室": 16,
    "市编办": 5,
    "市发改委": 5,
    "市财政局": 3,
    "市行政服务中心": 3,
    "市纪委监察委": 3,
    "市工商局": 2,
    "市委组织部": 2,
    "市委办公室": 2,
    "市司法局": 2,
    "市人社局": 2,
    "有关部门": 1,
    "政府法制办公室": 1,
    "市统计局": 1,
    "市政府法制办": 1,
    "市审计局": 1,
    "市委政法委": 1,
    "市委宣传部": 1,
    "市国资委": 1,
    "市国税局": 1,
    "市国土局": 1,
    "市商务局": 1,
    "市信访局": 1,
    "市住建局": 1,
}
SAMPLE_PLACEHOLDERS = {"各有关部门", "有关部门"}


@pytest.fixture(scope="module")
def builtin() -> UnitDirectory:
    return UnitDirectory.builtin()


def _unit(
    unit_id: str, name: str, *aliases: str, kind: str = "department", level: str = "city"
) -> DirectoryUnit:
    return DirectoryUnit(unit_id, name, aliases, kind, level, None)


@pytest.fixture
def bare() -> UnitDirectory:
    """Canonical names only, no aliases: whatever resolves here resolved by normalisation or fuzz."""
    return UnitDirectory(
        [
            _unit("gov", "驻马店市人民政府", kind="government"),
            _unit("fzb", "市政府法制办公室"),
            _unit("fgw", "市发展和改革委员会"),
            _unit("renshe", "市人力资源和社会保障局"),
            _unit("zfb", "市人民政府办公室"),
            _unit("zuzhibu", "中共驻马店市委组织部", kind="party"),
            _unit("qu-fzb", "区政府法制办公室", level="county"),
        ]
    )


# --- the sample ------------------------------------------------------------------------------------


def test_sample_names_resolve_to_22_units_and_two_placeholders(builtin: UnitDirectory) -> None:
    refs = {name: builtin.resolve(name) for name in SAMPLE_NAMES}
    assert len(refs) == 26
    assert {name for name, ref in refs.items() if ref.placeholder} == SAMPLE_PLACEHOLDERS
    concrete = {name: ref for name, ref in refs.items() if not ref.placeholder}
    assert len(concrete) == 24
    assert all(ref.unit is not None and ref.confidence == 1.0 for ref in concrete.values())
    assert len({ref.unit for ref in concrete.values()}) == 22


def test_the_three_names_of_the_legal_affairs_office_are_one_unit(builtin: UnitDirectory) -> None:
    refs = [builtin.resolve(n) for n in ("市政府法制办公室", "市政府法制办", "政府法制办公室")]
    assert {r.unit for r in refs} == {"zmd-fazhiban"}
    assert [r.match for r in refs] == ["exact", "alias", "alias"]
    assert {r.canonical for r in refs} == {"市政府法制办公室"}


def test_sample_references_resolve_in_under_two_milliseconds(builtin: UnitDirectory) -> None:
    references = [name for name, count in SAMPLE_NAMES.items() for _ in range(count)]
    assert len(references) == 115
    best = float("inf")
    for _ in range(5):
        fresh = UnitDirectory(builtin.units())  # no memo: every distinct name is resolved once
        started = time.perf_counter()
        for name in references:
            fresh.resolve(name)
        best = min(best, time.perf_counter() - started)
    assert best < 0.002


# --- the resolution order --------------------------------------------------------------------------


def test_exact_canonical_name(builtin: UnitDirectory) -> None:
    ref = builtin.resolve("市发改委")
    assert (ref.unit, ref.canonical, ref.match, ref.confidence, ref.placeholder) == (
        "zmd-fgw",
        "市发改委",
        "exact",
        1.0,
        False,
    )


def test_alias(builtin: UnitDirectory) -> None:
    ref = builtin.resolve("市发展和改革委员会")
    assert (ref.unit, ref.canonical, ref.match, ref.confidence) == ("zmd-fgw", "市发改委", "alias", 1.0)


def test_text_stays_verbatim(builtin: UnitDirectory) -> None:
    ref = builtin.resolve(" 市发改委 ")
    assert ref.text == " 市发改委 "
    assert ref.unit == "zmd-fgw"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("市政府法制办", "fzb"),  # X办 ↔ X办公室
        ("政府法制办公室", "fzb"),  # the city prefix dropped
        ("市 政府 法制办公室", "fzb"),  # a PDF's stray spaces
        ("市政府法制办。", "fzb"),  # punctuation at the edge
        ("市发改委", "fgw"),  # 发改委 ↔ 发展和改革委员会
        ("发改委", "fgw"),
        ("市发展改革委", "fgw"),
        ("市发展改革委员会", "fgw"),
        ("驻马店市发展和改革委员会", "fgw"),  # the city's own name is its prefix
        ("市人社局", "renshe"),  # 人社局 ↔ 人力资源和社会保障局
        ("市人力资源社会保障局", "renshe"),
        ("市政府办公室", "zfb"),  # 人民政府 ↔ 政府
        ("市政府办", "zfb"),
        ("市委组织部", "zuzhibu"),  # 中共驻马店市委 ↔ 市委
        ("中国共产党驻马店市委组织部", "zuzhibu"),
    ],
)
def test_normalised_match_without_aliases(bare: UnitDirectory, text: str, unit: str) -> None:
    ref = bare.resolve(text)
    assert (ref.unit, ref.match, ref.confidence) == (unit, "normalised", 1.0)


@pytest.mark.parametrize(
    ("text", "unit", "confidence"),
    [
        ("市政府法治办公室", "zmd-fazhiban", 12 / 14),  # 治 for 制
        ("市人力资源与社会保障局", "zmd-renshe", 18 / 20),  # 与 for 和
        ("市住房与城乡建设局", "zmd-zhujian", 14 / 16),
    ],
)
def test_fuzzy_match_reports_its_confidence(
    builtin: UnitDirectory, text: str, unit: str, confidence: float
) -> None:
    ref = builtin.resolve(text)
    assert (ref.unit, ref.match) == (unit, "fuzzy")
    assert ref.confidence == pytest.approx(confidence, abs=1e-3)
    assert FUZZY_THRESHOLD <= ref.confidence < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "市教育局",  # not in the directory
        "市民政局",  # one character from 市财政局's body is still far
        "市政府外事办公室",  # 0.83 against 市政府办公室: below the threshold
        "杭州市政府",
        "省发展改革委",
        "",
    ],
)
def test_unresolved(builtin: UnitDirectory, text: str) -> None:
    ref = builtin.resolve(text)
    assert (ref.unit, ref.canonical, ref.placeholder, ref.confidence, ref.match) == (
        None,
        None,
        False,
        0.0,
        "unresolved",
    )


@pytest.mark.parametrize("text", ["各有关部门", "有关部门", "县级人民政府", "各县(市、区)人民政府"])
def test_placeholder_is_reported_before_any_lookup(text: str) -> None:
    for directory in (UnitDirectory.builtin(), UnitDirectory.empty()):
        ref = directory.resolve(text)
        assert (ref.unit, ref.placeholder, ref.confidence, ref.match) == (None, True, 1.0, "placeholder")


# --- the administrative-prefix guard ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["区政府法制办", "区政府法制办公室", "县政府法制办公室", "西平县政府法制办公室"]
)
def test_district_office_is_never_the_city_office(builtin: UnitDirectory, text: str) -> None:
    ref = builtin.resolve(text)
    assert ref.unit is None
    assert ref.match == "unresolved"


def test_guard_holds_where_fuzz_alone_would_accept() -> None:
    """区政府法制办公室 scores 0.875 against 市政府法制办公室, above the threshold: the prefix refuses it."""
    from rapidfuzz import fuzz

    assert fuzz.ratio("区政府法制办公室", "市政府法制办公室") / 100 > FUZZY_THRESHOLD
    directory = UnitDirectory([_unit("fzb", "市政府法制办公室")])
    assert directory.resolve("区政府法制办公室").unit is None
    assert directory.resolve("区政府法治办公室").unit is None


def test_each_level_resolves_to_its_own_unit(bare: UnitDirectory) -> None:
    assert bare.resolve("区政府法制办").unit == "qu-fzb"
    assert bare.resolve("市政府法制办").unit == "fzb"
    assert bare.resolve("政府法制办").unit == "fzb"  # no prefix: the directory's own (city) level


def test_unprefixed_name_is_ambiguous_without_a_home_government() -> None:
    """A directory with no root government has no own level: 政府法制办 could be either office."""
    directory = UnitDirectory(
        [_unit("fzb", "市政府法制办公室"), _unit("qu-fzb", "区政府法制办公室", level="county")]
    )
    assert directory.resolve("政府法制办").match == "unresolved"
    assert directory.resolve("区政府法制办").unit == "qu-fzb"


def test_unprefixed_name_prefers_the_home_level(builtin: UnitDirectory) -> None:
    assert builtin.resolve("政府").unit == "zmd-gov"
    assert builtin.resolve("县发改委").unit is None
    assert builtin.resolve("税务局").unit == "zmd-shuiwu"


def test_words_starting_with_shi_are_not_a_prefix(builtin: UnitDirectory) -> None:
    assert builtin.resolve("市场监管局").unit == "zmd-scjg"
    assert builtin.resolve("区市场局").unit is None


# --- placeholders and the subordinate-government clause --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "各有关部门",
        "有关部门",
        "市有关部门",
        "市直相关单位",
        "市直有关单位",
        "各相关单位",
        "各有关单位",
        "市政府各部门",
        "市人民政府各部门",
        "区直各部门",
        "各街道",
        "各乡镇",
        "全区经济运行各专班",
        "各县市区",
        "各县、市、区政府",
        "各县、区人民政府",
        "各县(市、区)人民政府",
        "各县（市、区）人民政府",
        "县(区)政府",
        "县级人民政府",
        "县级政府",
        "各县区政府",
        "各县区人民政府",
        "县区政府",
        "乡镇人民政府",
        "市县两级政府",
        "各级政府",
        "各地",
        "市直单位",
        "其他有关单位",
        "相关部门",
        "市政府所属各部门",
        "领导小组各成员单位",
        "市法治政府建设领导小组成员单位",
        " 各 有关 部门 ",
    ],
)
def test_placeholders(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize(
    "text",
    [
        "市发改委",
        "市委办公室",
        "市政府办公室",
        "县政府办公室",
        "县政府",
        "区政府",
        "镇政府",
        "市政府",
        "县委",
        "市直机关工委",
        "驿城区人民政府",
        "西平县政府",
        "经济开发区",
        "市行政服务中心",
        "市纪委监察委",
        "市委组织部",
        "市场监管局",
        "街道办事处",
        "市有关领导",
        "市",
        "",
    ],
)
def test_real_units_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("县级人民政府按职责分工分别负责", "县级人民政府"),
        ("各县(市、区)政府按职责分工负责", "各县(市、区)政府"),
        ("县（市、区）人民政府按照职责分工负责落实", "县（市、区）人民政府"),
        ("各县、市、区政府按职责分工负责", "各县、市、区政府"),
        ("市编办、市发改委、各有关部门,县级人民政府按职责分工分别负责。", "县级人民政府"),
        ("A、B牵头,C及各县市区政府按职责分工负责", "各县市区政府"),
        ("经济开发区、县级人民政府负责", "县级人民政府"),
        ("各县区政府、各管委会按职责分工负责", "各县区政府、各管委会"),
        ("各县(区)政府负责组织实施", "各县(区)政府"),
    ],
)
def test_subordinate_level(text: str, level: str) -> None:
    assert subordinate_level(text) == level


@pytest.mark.parametrize(
    "text",
    [
        "市政府负责",
        "市发改委牵头",
        "各有关部门按职责分工负责",
        "各地各部门按职责分工负责",
        "县级人民政府",
        "",
    ],
)
def test_no_subordinate_level(text: str) -> None:
    assert subordinate_level(text) is None


# --- the built-in directory ------------------------------------------------------------------------


def test_builtin_is_cached() -> None:
    assert UnitDirectory.builtin() is UnitDirectory.builtin()


def test_builtin_has_the_13_subordinate_governments(builtin: UnitDirectory) -> None:
    subordinate = [u for u in builtin.units() if u.level == "county" and u.parent == "zmd-gov"]
    assert len(subordinate) == 13
    for county in (
        "驿城区",
        "西平县",
        "上蔡县",
        "平舆县",
        "正阳县",
        "确山县",
        "泌阳县",
        "汝南县",
        "遂平县",
        "新蔡县",
    ):
        for name in (f"{county}人民政府", f"{county}政府", county):
            assert builtin.resolve(name).canonical == f"{county}人民政府"
    for short, unit in (
        ("城乡一体化示范区", "zmd-cxyth"),
        ("经济开发区", "zmd-jkq"),
        ("产业集聚区", "zmd-cyjjq"),
    ):
        assert builtin.resolve(short).unit == unit
        assert builtin.resolve(f"{short}管委会").unit == unit


def test_builtin_records_2018_reform_successors(builtin: UnitDirectory) -> None:
    def successor(name: str) -> tuple[str | None, date | None]:
        unit = builtin.get(builtin.resolve(name).unit or "")
        assert unit is not None
        return (builtin.get(unit.successor).name if unit.successor else None), unit.successor_from  # type: ignore[union-attr]

    assert successor("市政府法制办公室") == ("市司法局", date(2019, 1, 1))
    assert successor("市工商局") == ("市市场监督管理局", date(2019, 1, 1))
    assert successor("市国税局") == ("国家税务总局驻马店市税务局", date(2018, 7, 5))
    assert successor("市国土局") == ("市自然资源和规划局", date(2019, 1, 1))
    assert successor("市司法局") == (None, None)


def test_builtin_holds_no_placeholders_and_every_unit_resolves_to_itself(builtin: UnitDirectory) -> None:
    for unit in builtin.units():
        assert not is_placeholder(unit.name), unit.name
        for name in (unit.name, *unit.aliases):
            assert builtin.resolve(name).unit == unit.id, name


# --- loading an office's own directory -------------------------------------------------------------


def test_load_json(tmp_path: Path) -> None:
    path = tmp_path / "units.json"
    county = {"kind": "department", "level": "county", "parent": "gov"}
    units = [
        {
            "id": "gov",
            "name": "某县人民政府",
            "aliases": ["某县政府"],
            "kind": "government",
            "level": "county",
        },
        {"id": "sfj", "name": "县司法局", "aliases": ["某县司法局"], **county},
        {"id": "fzb", "name": "县政府法制办", "successor": "sfj", "successor_from": "2019-03-01", **county},
    ]
    path.write_text(json.dumps(units, ensure_ascii=False), encoding="utf-8")
    directory = UnitDirectory.load(path)
    assert [u.id for u in directory.units()] == ["gov", "sfj", "fzb"]
    assert directory.get("fzb") == DirectoryUnit(
        "fzb", "县政府法制办", (), "department", "county", "gov", "sfj", date(2019, 3, 1)
    )
    assert directory.resolve("司法局").unit == "sfj"  # a county directory: its own prefix is 县
    assert directory.resolve("县政府法制办公室").unit == "fzb"
    assert directory.resolve("市政府法制办公室").unit is None


def test_load_csv_with_header(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "id,name,aliases,kind,level,parent\n"
        "gov,驻马店市人民政府,市政府;驻马店市政府,government,city,\n"
        "# the office's own comment row\n"
        "fzb,市政府法制办公室,市政府法制办|政府法制办公室、市法制办,department,city,gov\n",
        encoding="utf-8",
    )
    directory = UnitDirectory.load(path)
    fzb = directory.get("fzb")
    assert fzb is not None
    assert fzb.aliases == ("市政府法制办", "政府法制办公室", "市法制办")
    assert fzb.parent == "gov"
    assert directory.resolve("市法制办").match == "alias"


def test_load_headerless_csv_saved_by_chinese_excel(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes("fgw,市发改委,市发展和改革委员会,department,city\n".encode("gb18030"))
    directory = UnitDirectory.load(path)
    assert directory.resolve("市发展和改革委员会").unit == "fgw"


def test_load_json_object_with_units_list(tmp_path: Path) -> None:
    path = tmp_path / "units.json"
    path.write_text(
        json.dumps(
            {
                "_comment": "x",
                "units": [{"id": "a", "name": "市审计局", "kind": "department", "level": "city"}],
            }
        ),
        encoding="utf-8",
    )
    assert UnitDirectory.load(path).resolve("市审计局").unit == "a"


@pytest.mark.parametrize(
    ("filename", "content", "detail"),
    [
        ("units.json", "[{", "not valid JSON"),
        ("units.json", '{"id": "a"}', "expected a list of units"),
        ("units.json", '["市审计局"]', "unit 1: expected an object"),
        ("units.json", '[{"id": "a", "kind": "department", "level": "city"}]', "unit 1: missing name"),
        ("units.json", '[{"id": "a", "name": "X局", "kind": "bureau", "level": "city"}]', "kind 'bureau'"),
        ("units.json", '[{"id": "a", "name": "X局", "kind": "department", "level": "town"}]', "level 'town'"),
        (
            "units.json",
            '[{"id": "a", "name": "X局", "kind": "department", "level": "city", "url": "x"}]',
            "url",
        ),
        (
            "units.json",
            '[{"id": "a", "name": 7, "kind": "department", "level": "city"}]',
            "name must be text",
        ),
        ("units.json", "[]", "no units"),
        ("units.csv", "a,X局,,department,city\na,Y局,,department,city\n", "duplicate id 'a'"),
        ("units.csv", "a,X局,,department,city,nobody\n", "parent 'nobody'"),
        ("units.csv", "a,X局,,department,city,,a\n", "successor 'a'"),
        ("units.csv", "a,X局,,department,city\nb,Y局,X局,department,city\n", "belongs to both"),
        ("units.csv", "a,X局,,department,city,,,2019-13-01\n", "successor_from without successor"),
        ("units.csv", "a,X局,,department,city\nb,Y局,,department,city,,a,2019-13-01\n", "not a date"),
        ("units.csv", "a,X局,,department,city,,,,extra\n", "line 1: 9 cells"),
        ("units.csv", "id,name,colour\na,X局,red\n", "unknown column colour"),
        ("units.csv", "a,X局,,department\n", "line 1: missing level"),
    ],
)
def test_malformed_directory_is_a_clear_error(
    tmp_path: Path, filename: str, content: str, detail: str
) -> None:
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadDirectory) as caught:
        UnitDirectory.load(path)
    assert isinstance(caught.value, IngestError)
    message = str(caught.value)
    assert message.startswith("单位名录文件格式不正确")
    assert detail in message
    assert filename in message


def test_missing_or_undecodable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadDirectory, match=r"nowhere\.json"):
        UnitDirectory.load(tmp_path / "nowhere.json")
    binary = tmp_path / "units.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\x30")
    with pytest.raises(BadDirectory, match="neither UTF-8 nor GB18030"):
        UnitDirectory.load(binary)


def test_empty_directory_resolves_nothing() -> None:
    directory = UnitDirectory.empty()
    assert directory.units() == ()
    assert directory.resolve("市发改委").match == "unresolved"
