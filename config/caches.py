"""The cache the workers of one machine share when no Redis is configured.

Django's FileBasedCache in a folder of VAR_DIR: every gunicorn worker of the machine reads
what another stored (a stored page, a rendered PDF), and it survives a worker's recycling
and a restart. Local memory (LocMemCache) is per process: four workers rendered each page
four times, and a recycled worker started empty.

Django's own backend lists its whole folder on every write to see whether it is full; with
thousands of stored pages that costs milliseconds per write, so this one looks only on every
CULL_EVERY-th write of the process. The folder can then exceed MAX_ENTRIES by at most that
many files per process before a third of it is removed.
"""

import itertools

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 200

_writes = itertools.count(1)


class MachineCache(FileBasedCache):
    def _cull(self):
        if next(_writes) % CULL_EVERY == 0:
            super()._cull()
