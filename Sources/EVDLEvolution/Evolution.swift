import EVDLSema
import EVDLSyntax

/// Event evolution against a contract lock: what `evdlc lock` writes and `evdlc check --against` reports.
public enum Evolution {
    /// The findings of a module checked without errors against the lock file `lock` (held by the caller's source
    /// manager, so that notes point at its lines): the lock's own problems, then the breaks by place.
    public static func check(_ model: SemanticModel, against lock: SourceFile) -> [Diagnostic] {
        let (locked, problems) = LockFile.parse(lock)
        if problems.contains(where: { $0.severity == .error }) { return problems }
        return problems + BreakingCheck.compare(locked: locked, current: ContractExtractor.contracts(of: model))
    }

    /// The lock to write for `current`: its contracts, the older versions of its events that `previous` knew, and,
    /// marked `retired`, the event types `previous` knew that `current` no longer declares (payloads of every version
    /// stay in the store, so every later spec must still read them). Acceptances are dropped: the new lock is the
    /// new baseline.
    public static func updatedLock(_ current: ContractLock, previous: ContractLock?) -> ContractLock {
        var contracts = current.contracts.map(withoutPlaces)
        for old in previous?.contracts(.event) ?? [] {
            guard let now = current.contracts(.event, old.name).first else {
                // Removed (the lock is only written once the removal is accepted): its payloads stay in the store.
                var retired = withoutPlaces(old)
                retired.retired = true
                contracts.append(retired)
                continue
            }
            guard (old.version ?? 1) < (now.version ?? 1) else { continue }
            var older = withoutPlaces(old)
            older.retired = false
            contracts.append(older)
        }
        return ContractLock(contracts: contracts)
    }

    private static func withoutPlaces(_ contract: Contract) -> Contract {
        var copy = contract
        copy.span = nil
        copy.members = contract.members.map { member in
            var plain = member
            plain.span = nil
            plain.previousName = nil
            return plain
        }
        return copy
    }
}
