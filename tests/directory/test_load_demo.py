"""`manage.py load_demo`: the sample directory, a person for every role, the sample plan — twice is once.

These run with `--no-demo-year`; the demo year and its activity have `test_demo_year.py`."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.plans.models import Plan

pytestmark = [
    pytest.mark.django_db,
    # Demo logins are hashed eight times a run; the fast hasher keeps the suite quick.
    pytest.mark.usefixtures("fast_hashing"),
]


@pytest.fixture
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True


def load_demo(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_demo", "--no-demo-year", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_the_sample_directory_people_and_plan() -> None:
    out, err = load_demo()

    assert Unit.objects.count() == 40
    plan = Plan.objects.get()
    assert (plan.year, plan.tasks.count()) == (2018, 38)
    assert err == ""
    first_line = out.splitlines()[0]
    assert first_line == (
        "load_demo：单位名录新增 40 个单位，更新 0 个，未变 0 个；演示账号 8 个（新增 8 个）；"
        "示例通知已发布：《驻马店市2018年度法治政府建设工作安排》，38 项任务"
    )


def test_every_role_has_a_person_in_the_right_unit() -> None:
    load_demo()

    people = {
        u.username: (u.role, u.unit.name if u.unit else None) for u in User.objects.select_related("unit")
    }
    assert people == {
        "wang": ("office_admin", "市政府法制办公室"),
        "li": ("liaison", "市编办"),
        "zhang": ("head", "市编办"),
        "liu": ("liaison", "市工商局"),
        "sun": ("head", "市工商局"),
        "chen": ("county_office", "西平县人民政府"),
        "zhao": ("leader", "驻马店市人民政府"),
        "qian": ("auditor", None),
    }


def test_the_logins_are_printed_with_the_default_password() -> None:
    out, _ = load_demo()

    assert "督导办管理员  wang    王敏  市政府法制办公室" in out
    assert "县区法治办    chen    陈刚  西平县人民政府" in out
    assert out.rstrip().endswith("密码（所有演示账号）：dudao-demo-2018")
    assert User.objects.get(username="li").check_password("dudao-demo-2018")


def test_the_password_comes_from_the_option_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUDAO_DEMO_PASSWORD", "from-the-env")
    load_demo()
    assert User.objects.get(username="wang").check_password("from-the-env")

    out, _ = load_demo("--password", "from-the-option")

    assert User.objects.get(username="wang").check_password("from-the-option")
    assert "密码（所有演示账号）：from-the-option" in out


def test_running_twice_changes_nothing_but_says_so() -> None:
    load_demo()

    out, _ = load_demo()

    assert out.splitlines()[0] == (
        "load_demo：单位名录新增 0 个单位，更新 0 个，未变 40 个；演示账号 8 个（新增 0 个）；"
        "示例通知已发布过：《驻马店市2018年度法治政府建设工作安排》"
    )
    assert (Unit.objects.count(), User.objects.count(), Plan.objects.count()) == (40, 8, 1)


def test_without_the_plans_services_the_notice_is_skipped_with_a_clear_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dudao.plans import services as plans

    monkeypatch.delattr(plans, "publish")

    out, err = load_demo()

    assert "跳过示例通知：计划服务尚未就绪" in out and "跳过示例通知" in err
    assert not Plan.objects.exists()
    assert User.objects.count() == 8


@override_settings(DEBUG=False)
def test_refuses_to_create_public_logins_outside_development(settings: Any) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="只在开发环境"):
        load_demo()
    assert not User.objects.exists()
