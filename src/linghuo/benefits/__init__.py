"""Benefits: from a decision to a delivered benefit (clause 十二 "应知尽享、符合即享受").

- ``Decision``: a stored engine decision that replays (rules version, facts snapshot, full trace);
- ``Offer``: made without applying when a screening run or a change of facts finds a person newly
  eligible for a benefit that pays money or gives a service; accepted with one tap;
- ``Case``: the casework of an accepted offer or an application (states in ``workflow``), maker-checker;
- ``Entitlement``: what an approved case gives (periodic, one-off or referral), read by payments.

Layers: benefits imports registry, collection, insights, policy and screening; nothing below imports it.
"""
