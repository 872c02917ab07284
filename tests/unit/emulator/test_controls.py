"""Fault plans and the rate limiter (pure logic)."""

from __future__ import annotations

import pytest

from emulator.controls import FaultPlan, FaultRoute, RateLimiter


def test_fault_plan_only_hits_its_routes() -> None:
    plan = FaultPlan(rate=1.0, kinds=("500",), routes=(FaultRoute("POST", "/v1/prices"),))
    assert plan.pick("POST", "/v1/prices/price_1") == "500"
    assert plan.pick("GET", "/v1/prices") is None
    assert plan.pick("POST", "/v1/products") is None


def test_fault_rate_is_respected_roughly() -> None:
    plan = FaultPlan(rate=0.25, kinds=("429",), seed=7)
    hits = sum(plan.pick("GET", "/v1/products") is not None for _ in range(4000))
    assert 800 < hits < 1200


def test_bad_fault_plans_are_refused() -> None:
    with pytest.raises(ValueError):
        FaultPlan(rate=2.0)
    with pytest.raises(ValueError):
        FaultPlan.from_json({"rate": 0.5, "kinds": ["explode"]})


def test_rate_limiter_allows_burst_then_refuses() -> None:
    limiter = RateLimiter(5)
    results = [limiter.allow() for _ in range(10)]
    assert results[:5] == [True] * 5
    assert False in results[5:]
    limiter.configure(None)
    assert all(limiter.allow() for _ in range(100))
