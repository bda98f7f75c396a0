# The two commands a newcomer needs; everything else is in scripts/.
.PHONY: run test bench

run:  ## set up .venv and start the dashboard on the default data
	scripts/run.sh

test:  ## set up .venv (+ Chromium, PostgreSQL) and run the whole test suite
	scripts/test.sh

bench:  ## run the benchmarks (not part of the test suite)
	scripts/setup.sh dev
	.venv/bin/python -m benchmarks
