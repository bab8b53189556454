-- wrk script: events/orchestrate-pattern-off.json over HTTP (dry run, pattern recognition off)
wrk.method = "POST"
wrk.body = '{"action": "analyze_and_orchestrate", "options": {"enable_pattern_recognition": false, "dry_run": true}}'
wrk.headers["Content-Type"] = "application/json"
