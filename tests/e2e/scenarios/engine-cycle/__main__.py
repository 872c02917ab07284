"""engine-cycle: one ManagedFile whose content comes from stack config."""

from pathlib import Path

import pulumi
from managed_file import ManagedFile

config = pulumi.Config()
target = Path(config.get("fileName") or "greeting.txt").resolve()
greeting = ManagedFile("greeting", path=str(target), content=config.require("content"))

pulumi.export("path", greeting.path)
pulumi.export("content", greeting.content)
pulumi.export("token", config.get_secret("token"))
