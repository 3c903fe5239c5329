package nixdaemon

import "fmt"

// Magic numbers of the handshake.
const (
	// ClientMagic opens a connection (WORKER_MAGIC_1, "cxin").
	ClientMagic uint64 = 0x6e697863
	// ServerMagic answers it (WORKER_MAGIC_2, "oixd").
	ServerMagic uint64 = 0x6478696f
)

// Version is a worker protocol version: major in the high byte, minor in
// the low byte.
type Version uint64

// Major returns the major part of v (1 for every Nix so far).
func (v Version) Major() uint64 { return uint64(v) >> 8 & 0xff }

// Minor returns the minor part of v.
func (v Version) Minor() uint64 { return uint64(v) & 0xff }

// AtLeast reports whether v is 1.minor or newer.
func (v Version) AtLeast(minor uint64) bool {
	return v.Major() > 1 || v.Major() == 1 && v.Minor() >= minor
}

func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major(), v.Minor()) }

const (
	// ServerVersion is the protocol version the server offers: 1.37, that
	// of Nix 2.26.
	ServerVersion Version = 1<<8 | 37
	// MinClientVersion is the oldest client accepted: 1.23 (Nix 2.3),
	// the first to send NARs in frames.
	MinClientVersion Version = 1<<8 | 23
)

// Messages the server sends while it works on an operation.
const (
	stderrNext          uint64 = 0x6f6c6d67
	stderrRead          uint64 = 0x64617461
	stderrWrite         uint64 = 0x64617416
	stderrLast          uint64 = 0x616c7473
	stderrError         uint64 = 0x63787470
	stderrStartActivity uint64 = 0x53545254
	stderrStopActivity  uint64 = 0x53544f50
	stderrResult        uint64 = 0x52534c54
)

// Op is a worker operation number.
type Op uint64

// The worker operations (worker-protocol.hh). Obsolete numbers are kept
// so that errors can name them.
const (
	OpIsValidPath                 Op = 1
	OpHasSubstitutes              Op = 3
	OpQueryPathHash               Op = 4
	OpQueryReferences             Op = 5
	OpQueryReferrers              Op = 6
	OpAddToStore                  Op = 7
	OpAddTextToStore              Op = 8
	OpBuildPaths                  Op = 9
	OpEnsurePath                  Op = 10
	OpAddTempRoot                 Op = 11
	OpAddIndirectRoot             Op = 12
	OpSyncWithGC                  Op = 13
	OpFindRoots                   Op = 14
	OpExportPath                  Op = 16
	OpQueryDeriver                Op = 18
	OpSetOptions                  Op = 19
	OpCollectGarbage              Op = 20
	OpQuerySubstitutablePathInfo  Op = 21
	OpQueryDerivationOutputs      Op = 22
	OpQueryAllValidPaths          Op = 23
	OpQueryFailedPaths            Op = 24
	OpClearFailedPaths            Op = 25
	OpQueryPathInfo               Op = 26
	OpImportPaths                 Op = 27
	OpQueryDerivationOutputNames  Op = 28
	OpQueryPathFromHashPart       Op = 29
	OpQuerySubstitutablePathInfos Op = 30
	OpQueryValidPaths             Op = 31
	OpQuerySubstitutablePaths     Op = 32
	OpQueryValidDerivers          Op = 33
	OpOptimiseStore               Op = 34
	OpVerifyStore                 Op = 35
	OpBuildDerivation             Op = 36
	OpAddSignatures               Op = 37
	OpNarFromPath                 Op = 38
	OpAddToStoreNar               Op = 39
	OpQueryMissing                Op = 40
	OpQueryDerivationOutputMap    Op = 41
	OpRegisterDrvOutput           Op = 42
	OpQueryRealisation            Op = 43
	OpAddMultipleToStore          Op = 44
	OpAddBuildLog                 Op = 45
	OpBuildPathsWithResults       Op = 46
	OpAddPermRoot                 Op = 47
)

var opNames = map[Op]string{
	OpIsValidPath: "IsValidPath", OpHasSubstitutes: "HasSubstitutes", OpQueryPathHash: "QueryPathHash",
	OpQueryReferences: "QueryReferences", OpQueryReferrers: "QueryReferrers", OpAddToStore: "AddToStore",
	OpAddTextToStore: "AddTextToStore", OpBuildPaths: "BuildPaths", OpEnsurePath: "EnsurePath",
	OpAddTempRoot: "AddTempRoot", OpAddIndirectRoot: "AddIndirectRoot", OpSyncWithGC: "SyncWithGC",
	OpFindRoots: "FindRoots", OpExportPath: "ExportPath", OpQueryDeriver: "QueryDeriver",
	OpSetOptions: "SetOptions", OpCollectGarbage: "CollectGarbage",
	OpQuerySubstitutablePathInfo: "QuerySubstitutablePathInfo", OpQueryDerivationOutputs: "QueryDerivationOutputs",
	OpQueryAllValidPaths: "QueryAllValidPaths", OpQueryFailedPaths: "QueryFailedPaths",
	OpClearFailedPaths: "ClearFailedPaths", OpQueryPathInfo: "QueryPathInfo", OpImportPaths: "ImportPaths",
	OpQueryDerivationOutputNames: "QueryDerivationOutputNames", OpQueryPathFromHashPart: "QueryPathFromHashPart",
	OpQuerySubstitutablePathInfos: "QuerySubstitutablePathInfos", OpQueryValidPaths: "QueryValidPaths",
	OpQuerySubstitutablePaths: "QuerySubstitutablePaths", OpQueryValidDerivers: "QueryValidDerivers",
	OpOptimiseStore: "OptimiseStore", OpVerifyStore: "VerifyStore", OpBuildDerivation: "BuildDerivation",
	OpAddSignatures: "AddSignatures", OpNarFromPath: "NarFromPath", OpAddToStoreNar: "AddToStoreNar",
	OpQueryMissing: "QueryMissing", OpQueryDerivationOutputMap: "QueryDerivationOutputMap",
	OpRegisterDrvOutput: "RegisterDrvOutput", OpQueryRealisation: "QueryRealisation",
	OpAddMultipleToStore: "AddMultipleToStore", OpAddBuildLog: "AddBuildLog",
	OpBuildPathsWithResults: "BuildPathsWithResults", OpAddPermRoot: "AddPermRoot",
}

func (op Op) String() string {
	if n, ok := opNames[op]; ok {
		return n
	}
	return fmt.Sprintf("operation %d", uint64(op))
}

// Activity types and result types of Nix's logger, for StartActivity and
// Result.
const (
	ActUnknown   uint64 = 0
	ActCopyPath  uint64 = 100
	ActRealise   uint64 = 102
	ActCopyPaths uint64 = 103
	ActBuilds    uint64 = 104
	ActBuild     uint64 = 105

	ResBuildLogLine uint64 = 101
	ResSetPhase     uint64 = 104
	ResProgress     uint64 = 105
)

// Verbosity levels of Nix's logger.
const (
	LvlError uint64 = 0
	LvlWarn  uint64 = 1
	LvlInfo  uint64 = 3
)
