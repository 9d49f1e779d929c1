from hazchem.services.platform import audit

"""The shared registry fixture builds on a real migrated database."""



def test_registry_fixture_builds_and_audits(session, registry):
    assert registry.hw_licence.licence.number.startswith("浙危废经")
    report = audit.verify_chain(session=session)
    assert report.ok and report.checked > 50
