"""A bulletin reports the period as it stood on its last day, however late it is generated."""

from __future__ import annotations

import datetime

from dudao.bulletins.figures import gather
from dudao.supervision.rollup import plan_rollup
from tests.supervision.conftest import plan  # noqa: F401 - the supervision tests' hand-built plan

D = datetime.date


def test_a_bulletin_counts_as_done_only_what_was_done_by_its_period_end(plan: dict) -> None:  # noqa: F811
    """西平县 met its lecture quota on 10 June: a bulletin for the period ending 7 June, generated
    later, still reports it as not done, and its figures match the roll-up read back to that day."""
    figures = gather(plan["plan"], D(2018, 4, 1), D(2018, 6, 7))

    assert figures.overall == plan_rollup(plan["plan"], D(2018, 6, 7), as_of_day=True).overall
    assert figures.overall.done == plan_rollup(plan["plan"], D(2018, 6, 7)).overall.done - 1
