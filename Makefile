# Build target for `sam build` (template.yaml, AuditFunctionNativeAot: Metadata BuildMethod makefile).
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set to the function's package directory; the
# provided.al2023 runtime starts the executable named bootstrap at its root.
.PHONY: build-AuditFunctionNativeAot aot

build-AuditFunctionNativeAot:
	./scripts/build-aot "$(ARTIFACTS_DIR)"

# Locally: artifacts/aot/bootstrap.
aot:
	./scripts/build-aot artifacts/aot
