# Targets for `sam build --config-env native-aot` (template.native-aot.yaml: every function has Metadata BuildMethod
# makefile): the one executable, built with Native AOT, which AUDITOR_FUNCTION tells which function it is. SAM runs
# `make build-<LogicalId>` with ARTIFACTS_DIR set to the function's package directory; the provided.al2023 runtime
# starts the executable named bootstrap at its root. template.yaml (the default) does not use this file.
.PHONY: build-AuditFunction build-DispatchFunction build-WorkerFunction build-RootAlertFunction aot

build-AuditFunction:
	./scripts/build-aot "$(ARTIFACTS_DIR)"

build-DispatchFunction:
	./scripts/build-aot "$(ARTIFACTS_DIR)"

build-WorkerFunction:
	./scripts/build-aot "$(ARTIFACTS_DIR)"

build-RootAlertFunction:
	./scripts/build-aot "$(ARTIFACTS_DIR)"

# Locally: artifacts/aot/bootstrap.
aot:
	./scripts/build-aot artifacts/aot
