"""Compare elections in public: per theme, what the association asked then and now.

A theme's predecessor is its explicit `Theme.previous`, else the theme it was copied
from (the campaign copy lineage), as long as that belongs to an earlier election of the
same type. Only published content on both sides is shown.
"""
