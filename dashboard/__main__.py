import gc
import os
import sys

# A command's imports, models and schemas are most of the objects it makes, and they live until it exits: at its
# default threshold (700 new objects) the cyclic collector would scan them again and again while they are made,
# a tenth of `summary` on a small registry. It stays off for a brief command (cli.Command.brief); main() turns it
# back on for any other before it starts work.
gc.disable()
# The registry's models use no pydantic plugin; looking for one reads the metadata of every installed package.
# A reader who wants their plugins sets PYDANTIC_DISABLE_PLUGINS to an empty value.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .cli import main  # noqa: E402 (after the two settings above, which the imports must see)

status = main()
# The process ends here. Its last collections would walk every object the command made (the models, their
# schemas, every module), a sixth of `validate`'s time, to find cycles that exit frees anyway; frozen, they are
# skipped. Reference counting still frees the rest and atexit handlers still run.
gc.freeze()
sys.exit(status)
