import gc
import sys

from .cli import main

status = main()
# The process ends here. Its last collections would walk every object the command made (the models, their
# schemas, every module), a sixth of `validate`'s time, to find cycles that exit frees anyway; frozen, they are
# skipped. Reference counting still frees the rest and atexit handlers still run.
gc.freeze()
sys.exit(status)
