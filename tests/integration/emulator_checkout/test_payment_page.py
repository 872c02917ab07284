"""The hosted payment page a customer sees on a link's URL (plain HTML, no JavaScript)."""

from __future__ import annotations

import re

from tests.support.checkout import Shop


def test_page_lists_items_with_names_amounts_and_quantity_bounds(shop: Shop) -> None:
    beans = shop.price("House Blend, 250 g", unit_amount=1400)
    kit = shop.price("Pour-over brewing kit", unit_amount=3900)
    link = shop.link(
        line_items=[
            {
                "price": beans.id,
                "quantity": 2,
                "adjustable_quantity": {"enabled": True, "minimum": 1, "maximum": 10},
            },
            {"price": kit.id, "quantity": 1},
        ]
    )
    page = shop.http.get(link.url)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "House Blend, 250 g" in html and "Pour-over brewing kit" in html
    assert "€14.00 each" in html and "€39.00 each" in html
    assert "€67.00" in html, "total of 2 x €14.00 + €39.00 not shown"
    beans_item = shop.item_ids(link)[0]
    assert re.search(rf'name="quantity-{beans_item}" min="1" max="10"[^>]*value="2"', html)
    assert "Qty 1" in html, "a fixed quantity is shown, not editable"
    assert '<form method="post"' in html and "<script" not in html
    form_start, form_end = html.index("<form"), html.index("</form>")
    assert form_start < html.index(f'name="quantity-{beans_item}"') < form_end, (
        "the quantity input is outside the form: a browser would not submit it"
    )
    assert 'id="submit">Pay</button>' in html


def test_page_offers_the_links_payment_methods_or_a_default_set(shop: Shop) -> None:
    price = shop.price()
    pinned = shop.link(price, payment_method_types=["card", "sepa_debit"])
    html = shop.http.get(pinned.url).text
    assert 'value="card" checked' in html and "SEPA Direct Debit" in html
    assert 'value="link"' not in html
    default = shop.http.get(shop.link(price).url).text
    assert 'value="card"' in default and 'value="link"' in default


def test_customer_chosen_price_shows_an_amount_field_with_bounds_and_preset(shop: Shop) -> None:
    tip = shop.price(
        "Tip for the roasters",
        custom_unit_amount={"enabled": True, "minimum": 200, "maximum": 5000, "preset": 500},
    )
    html = shop.http.get(shop.link(tip).url).text
    assert "Amount of your choice. From €2.00 to €50.00" in html
    assert re.search(r'name="amount" min="2.00" step="0.01" max="50.00" value="5.00"', html)


def test_custom_fields_and_custom_text_are_shown(shop: Shop) -> None:
    link = shop.link(
        shop.price(),
        custom_fields=[
            {"key": "grind", "label": {"type": "custom", "custom": "Grind"}, "type": "dropdown",
             "dropdown": {"options": [{"label": "Whole bean", "value": "whole"},
                                      {"label": "Espresso", "value": "espresso"}]}},
            {"key": "gift_note", "label": {"type": "custom", "custom": "Gift note"},
             "type": "text", "optional": True},
        ],
        custom_text={"submit": {"message": "We roast on Mondays."},
                     "after_submit": {"message": "Questions? hello@hollowoak.example"}},
    )
    html = shop.http.get(link.url).text
    assert '<select id="custom_field-grind"' in html and ">Espresso</option>" in html
    assert "Gift note (optional)" in html
    assert "We roast on Mondays." in html and "hello@hollowoak.example" in html


def test_subscription_page_shows_the_interval_and_a_subscribe_button(shop: Shop) -> None:
    club = shop.price("Coffee Club", unit_amount=1800, recurring={"interval": "month"})
    html = shop.http.get(shop.link(club).url).text
    assert "€18.00 / month" in html and 'id="submit">Subscribe</button>' in html


def test_inactive_link_shows_the_expiry_page_with_its_message(shop: Shop) -> None:
    link = shop.link(shop.price())
    shop.client.v1.payment_links.update(
        link.id, params={"active": False, "inactive_message": "Sold out until spring."}
    )
    page = shop.http.get(link.url)
    assert page.status_code == 410
    assert "This link has expired" in page.text and "Sold out until spring." in page.text
    assert page.headers["cache-control"] == "no-store", "a cached 410 would outlive reactivation"
    paid = shop.pay(link)
    assert paid.status_code == 410, "an inactive link must not take payments"
    assert shop.client.v1.checkout.sessions.list().data == []


def test_expiry_page_without_a_message_says_the_link_is_no_longer_active(shop: Shop) -> None:
    link = shop.link(shop.price())
    shop.client.v1.payment_links.update(link.id, params={"active": False})
    page = shop.http.get(link.url)
    assert page.status_code == 410 and "no longer active" in page.text


def test_reactivated_link_serves_the_payment_page_again_at_the_same_url(shop: Shop) -> None:
    link = shop.link(shop.price())
    shop.client.v1.payment_links.update(link.id, params={"active": False})
    assert shop.http.get(link.url).status_code == 410
    again = shop.client.v1.payment_links.update(link.id, params={"active": True})
    assert again.url == link.url
    assert shop.http.get(link.url).status_code == 200


def test_unknown_link_url_is_not_found(shop: Shop) -> None:
    page = shop.http.get(f"{shop.emulator.base_url}/c/pay/test_nothing_here")
    assert page.status_code == 404 and "Page not found" in page.text
