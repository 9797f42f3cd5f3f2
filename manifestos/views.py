def campaign_detail(r, campaign): pass
def province_detail(r, campaign, slug): pass
def municipality_detail(r, campaign, slug): pass
