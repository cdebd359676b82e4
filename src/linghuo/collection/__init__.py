"""Information collection on platform workers (clause 十五, 新业态平台灵活就业人员信息采集制度).

Monthly rosters from platforms and employers, and contribution records from the social-insurance
agency: uploaded as ``.xlsx``/``.csv`` (pages, API, command line), validated by
``linghuo.spreadsheets`` and stored idempotently, with every submission and its error report kept.
"""
