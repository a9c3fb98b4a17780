# Build targets for `sam build` (template.yaml, AuditFunctionNativeAot and RootAlertFunctionNativeAot: Metadata
# BuildMethod makefile): the one executable, which AUDITOR_FUNCTION tells which function it is.
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set to the function's package directory; the
# provided.al2023 runtime starts the executable named bootstrap at its root.
.PHONY: build-AuditFunctionNativeAot build-RootAlertFunctionNativeAot aot

build-AuditFunctionNativeAot:
	./scripts/build-aot "$(ARTIFACTS_DIR)"

build-RootAlertFunctionNativeAot:
	./scripts/build-aot "$(ARTIFACTS_DIR)"

# Locally: artifacts/aot/bootstrap.
aot:
	./scripts/build-aot artifacts/aot
