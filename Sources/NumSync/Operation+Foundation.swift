import NumSyncCore

// Foundation also has an `Operation`; inside this module the name means the plan's operation.
/// A plan's operation (`NumSyncCore.Operation`), named here so that Foundation's does not shadow it.
public typealias Operation = NumSyncCore.Operation
