"""零工市场 and the flexible-job information zone (clause 十三): free postings by employers, platforms and
individuals, worker profiles, search in Chinese, matching, and the way from an application to a completed,
rated gig that the registry keeps as employment evidence."""
