"""The promotion code provider over HTTP against the emulator: a catalog entry renamed with the
same code text is refused in words about the rename (it said the code was another stack's and
told this stack to give itself its own code)."""

from __future__ import annotations

import pytest

from providers import PromotionCodeProvider
from providers.adoption import forget_all_indexes
from providers.stripe_client import StripeCallError
from tests.support.emulator import EmulatorProcess
from tests.support.providers import with_provider

pytestmark = pytest.mark.usefixtures("stripe_env")

SCOPE = "itest"


def test_a_renamed_code_entry_names_its_old_key(stripe_env: EmulatorProcess) -> None:
    coupon = stripe_env.client().v1.coupons.create(params={"percent_off": 15})
    code = {"scope": SCOPE, "code": "WELCOME15",
            "promotion": {"type": "coupon", "coupon": coupon.id}}
    PromotionCodeProvider().create(with_provider({**code, "key": "welcome15"}))
    forget_all_indexes()
    with pytest.raises(StripeCallError) as refused:
        PromotionCodeProvider().create(with_provider({**code, "key": "welcome"}))
    assert str(refused.value).endswith(
        "declared under the key 'welcome15' until now (two active codes can't share a code): "
        "keep the key 'welcome15', or deploy once without the entry (which deactivates it) and "
        "then add it as 'welcome'."
    ), refused.value
    assert "this stack's promotion code promo_" in str(refused.value)
