import EVDLRuntime
import Foundation

/// A small social network over the Swift that the EVDL plugin generates from `feed.evdl`: one `Member`
/// aggregate (one event stream per member) and three read models built from the same events — `Profiles`,
/// `FollowerCounts` and `Posts` — with a timeline composed from the member's follows and `Posts.byAuthor`.
///
/// This target's `evdl-config.json` sets `"access": "public"`, so the generated types are part of the module's
/// API and the demo and tests use them directly.
public struct Community: Sendable {
    /// Every member's events.
    public let store: InMemoryEventStore
    /// Handles the commands of `Member`.
    public let members: Repository<Member>
    /// The rows of the three projections.
    public let readModels: InMemoryReadModelStore
    /// Keeps the three projections up to date from `store`, each with its own checkpoint.
    public let projections: ProjectionRunner

    /// Creates a community with empty in-memory stores.
    public init() {
        store = InMemoryEventStore()
        members = Repository(aggregate: Member(), store: store)
        readModels = InMemoryReadModelStore()
        projections = ProjectionRunner(
            store: store, readModels: readModels, checkpoints: InMemoryCheckpointStore(),
            projections: [Profiles.self, FollowerCounts.self, Posts.self])
    }

    /// Decides `command` for its member at time `now` and appends what it causes. Throws `CommandRejection` when
    /// a `require` of the spec fails.
    @discardableResult
    public func send(_ command: Member.Command, at now: Date) async throws -> CommandResult<Member> {
        try await members.execute(command, context: CommandContext(now: now))
    }

    /// Applies every event not yet seen to the read models; returns the last global position processed.
    @discardableResult
    public func refresh() async throws -> Int64 {
        try await projections.catchUp()
    }

    /// The newest `limit` posts of the members `member` follows, newest first (the read models are refreshed
    /// first). Who follows whom comes from the member's own stream; the posts and handles from the read models.
    public func timeline(for member: UUID, limit: Int = 20) async throws -> [TimelineEntry] {
        try await refresh()
        let followees = try await members.load(member).state.following.filter(\.value).keys
        var entries: [TimelineEntry] = []
        for followee in followees {
            let handle = await readModels.row(followee, of: Profiles.self)?.handle ?? "?"
            for post in try await Posts.byAuthor(author: followee, in: readModels) {
                entries.append(TimelineEntry(postId: post.postId, author: handle, text: post.text, postedAt: post.postedAt ?? .distantPast))
            }
        }
        entries.sort { ($0.postedAt, $0.postId.uuidString) > ($1.postedAt, $1.postId.uuidString) }
        return Array(entries.prefix(limit))
    }
}

/// A post as a timeline shows it.
public struct TimelineEntry: Sendable, Equatable {
    /// The post.
    public var postId: UUID
    /// The author's handle.
    public var author: String
    /// What was written.
    public var text: String
    /// When.
    public var postedAt: Date

    /// Creates an entry.
    public init(postId: UUID, author: String, text: String, postedAt: Date) {
        self.postId = postId
        self.author = author
        self.text = text
        self.postedAt = postedAt
    }
}
