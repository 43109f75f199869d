"""What a run reports: the ScenarioRun, progress lines, JUnit / JSON / HTML, shards and their merge."""
