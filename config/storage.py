"""Uploaded files in S3-compatible object storage, selected by AWS_STORAGE_BUCKET_NAME.

Several app servers then share one set of uploads (a local media folder would be each
server's own). The bucket stays private: every file is served by the site itself
(config/media.py), which applies the visibility rules of its content, so the URL of a
file is the site's own /media/ address, never the bucket's. Uploads never overwrite:
a file with a name already taken gets a new name, as in the local folder, so a replaced
file can be deleted by its old name without touching the new one.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaStorage(S3Storage):
    file_overwrite = False
    # No ACL on the objects: the bucket's own (private) policy applies.
    default_acl = None

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
