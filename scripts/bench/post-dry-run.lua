-- wrk script: the dry-run orchestration of events/orchestrate-dry-run.json, over HTTP
wrk.method = "POST"
wrk.body = '{"action": "analyze_and_orchestrate", "options": {"dry_run": true}}'
wrk.headers["Content-Type"] = "application/json"
