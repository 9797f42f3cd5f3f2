"""Outreach: what members and visitors use to carry the manifesto further.

`letter` builds the member letter to the local parties (text, `mailto:`, PDF),
`forms` checks what a member types, `views` serves the letter kit. Nothing a
member types is stored: it lives only in the response that uses it.
"""
