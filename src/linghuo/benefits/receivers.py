"""Signal receivers of benefits (connected in ``BenefitsConfig.ready``)."""
