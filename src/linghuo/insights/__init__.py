"""Insights: whole-registry screening runs (十二 "大数据比对、符合即享受") and managers' what-if runs.

``services.screening_run_execute`` screens every registry person through the one facts selector
(``insights.facts.facts_frame_on``) and ``screening.frames.screen_frames``, and stores with the run only
the results that changed since each person's latest stored one. ``whatif`` runs ``linghuo simulate``'s
comparison on the registry's facts.
"""
