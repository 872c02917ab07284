"""The base of the paylinks resource classes (`Product`, `Price`, ...): what a program creates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from .base import StripeResourceProvider

__all__ = ["StripeResource"]


class StripeResource(pulumi.dynamic.Resource):
    """A Stripe object managed by paylinks, through its kind's provider.

    A subclass names its provider, the outputs Stripe fills in (with their value until it
    answers) and which of them are Pulumi secrets; ``args`` are the kind's inputs (see the
    subclass's ``...Args``).
    """

    provider_class: ClassVar[type[StripeResourceProvider]]
    """The kind's provider (instantiated per resource and pickled into the state)."""
    initial_outputs: ClassVar[Mapping[str, Any]] = {}
    """Outputs besides ``stripe_id``, with their value before Stripe answers (``active: True``)."""
    secret_outputs: ClassVar[tuple[str, ...]] = ()
    """Outputs kept as Pulumi secrets (encrypted in state, masked in output)."""

    stripe_id: pulumi.Output[str]
    """The Stripe id (same as the Pulumi id)."""

    def __init__(
        self,
        resource_name: str,
        args: Mapping[str, Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {"stripe_id": None, **self.initial_outputs, **dict(args)}
        if self.secret_outputs:
            secrets = pulumi.ResourceOptions(additional_secret_outputs=list(self.secret_outputs))
            opts = pulumi.ResourceOptions.merge(opts, secrets)
        super().__init__(self.provider_class(), resource_name, props, opts)
