"""`restrictions.completed_sessions.limit`: the link deactivates itself once reached."""

from __future__ import annotations

from tests.support.checkout import Shop


def test_link_deactivates_when_its_completed_sessions_limit_is_reached(shop: Shop) -> None:
    link = shop.link(
        shop.price(),
        restrictions={"completed_sessions": {"limit": 2}},
        inactive_message="All 2 seats are taken.",
    )
    shop.session_of(shop.pay(link))
    assert shop.client.v1.payment_links.retrieve(link.id).active is True
    shop.session_of(shop.pay(link))
    assert shop.client.v1.payment_links.retrieve(link.id).active is False

    page = shop.http.get(link.url)
    assert page.status_code == 410 and "All 2 seats are taken." in page.text
    assert shop.pay(link).status_code == 410
    sessions = shop.client.v1.checkout.sessions.list(params={"payment_link": link.id}).data
    assert len(sessions) == 2
    updated = shop.client.v1.events.list(params={"type": "payment_link.updated"}).data
    assert [(e.data.object.id, e.data.object.active) for e in updated] == [(link.id, False)]


def test_raising_the_limit_and_reactivating_sells_again(shop: Shop) -> None:
    link = shop.link(shop.price(), restrictions={"completed_sessions": {"limit": 1}})
    shop.session_of(shop.pay(link))
    assert shop.http.get(link.url).status_code == 410
    shop.client.v1.payment_links.update(
        link.id, params={"active": True, "restrictions": {"completed_sessions": {"limit": 5}}}
    )
    assert shop.http.get(link.url).status_code == 200
    shop.session_of(shop.pay(link))
    assert shop.client.v1.payment_links.retrieve(link.id).active is True
