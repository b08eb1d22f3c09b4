import EVDLRuntime
import Foundation
import Testing

/// `Tests/DomainCorpus/social.evdl`: handles, follows, the daily posting limit kept by a policy, and read models
/// with one row per hashtag and per mentioned member.
@Suite struct SocialTests {
    struct World {
        let store = InMemoryEventStore()
        let members: Repository<SocialMember>
        let posts: Repository<Post>
        let router: CommandRouter
        let readModels = InMemoryReadModelStore()

        init() throws {
            members = Repository(aggregate: SocialMember(), store: store)
            posts = Repository(aggregate: Post(), store: store)
            router = try CommandRouter(SocialMember.routes(members) + Post.routes(posts))
        }

        func publish(_ n: Int, by author: Int, tags: [String], mentions: [Int] = [], at seconds: Double = 0) async throws {
            _ = try await posts.execute(.publish(Post.Publish(postId: At.id(n), authorId: At.id(author), text: "post \(n)", tags: tags, mentions: mentions.map(At.id))), context: At.context(seconds))
        }
    }

    @Test func handlesAndFollowsFollowTheRules() async throws {
        let world = try World()
        await #expect(throws: CommandRejection("a handle has no spaces")) {
            _ = try await world.members.execute(.joinNetwork(SocialMember.JoinNetwork(memberId: At.id(1), handle: "ada l")))
        }
        _ = try await world.members.execute(.joinNetwork(SocialMember.JoinNetwork(memberId: At.id(1), handle: "ada")))
        _ = try await world.members.execute(.joinNetwork(SocialMember.JoinNetwork(memberId: At.id(2), handle: "grace")))
        _ = try await world.members.execute(.follow(SocialMember.Follow(memberId: At.id(1), other: At.id(2))))
        await #expect(throws: CommandRejection("already following")) {
            _ = try await world.members.execute(.follow(SocialMember.Follow(memberId: At.id(1), other: At.id(2))))
        }
        await #expect(throws: CommandRejection("members cannot follow themselves")) {
            _ = try await world.members.execute(.follow(SocialMember.Follow(memberId: At.id(2), other: At.id(2))))
        }
        try await ProjectionRunner(store: world.store, readModels: world.readModels, checkpoints: InMemoryCheckpointStore(), projections: [Followers.self]).catchUp()
        #expect(await world.readModels.row(At.id(2), of: Followers.self) == Followers.Row(memberId: At.id(2), followers: 1, handle: "grace"))
        #expect(try await Followers.influencers(minimum: 1, in: world.readModels).map(\.handle) == ["grace"])
    }

    @Test func postsAreCheckedAndCountedPerHashtagAndMention() async throws {
        let world = try World()
        await #expect(throws: CommandRejection("up to 10 tags, each one word")) { try await world.publish(1, by: 1, tags: ["two words"]) }
        await #expect(throws: CommandRejection("members do not mention themselves")) { try await world.publish(1, by: 1, tags: [], mentions: [1]) }
        try await world.publish(1, by: 1, tags: ["swift", "evdl"], mentions: [2, 3], at: 10)
        try await world.publish(2, by: 2, tags: ["swift"], mentions: [3], at: 20)
        try await ProjectionRunner(store: world.store, readModels: world.readModels, checkpoints: InMemoryCheckpointStore(),
                                   projections: [Hashtags.self, Mentions.self]).catchUp()
        #expect(await world.readModels.entries(of: Hashtags.self).map(\.key) == ["evdl", "swift"])
        #expect(try await Hashtags.tag(tag: "swift", in: world.readModels) == Hashtags.Row(tag: "swift", posts: 2, lastUsed: At.date(20)))
        #expect(try await Hashtags.popular(minimum: 2, in: world.readModels).map(\.tag) == ["swift"])
        #expect(await world.readModels.row(At.id(3), of: Mentions.self)?.mentions == 2)
        #expect(await world.readModels.row(At.id(2), of: Mentions.self)?.mentions == 1)
    }

    @Test func theDailyLimitIsKeptByAPolicyAndLikesAreOnceEach() async throws {
        let world = try World()
        _ = try await world.members.execute(.joinNetwork(SocialMember.JoinNetwork(memberId: At.id(1), handle: "ada")))
        for n in 1...51 { try await world.publish(n, by: 1, tags: [], at: Double(n)) }
        let policies = PolicyRunner(store: world.store, router: world.router, checkpoints: InMemoryCheckpointStore(),
                                    policies: [CountPostsPerMember.self], clock: ManualClock(start: At.date(0)), backoff: .immediate)
        try await policies.catchUp()
        #expect(try await world.members.load(At.id(1)).state.postsToday.count == 50)
        let failures = try await policies.failures()
        #expect(failures.count == 1 && failures.first?.reason == "rejected: @ada posted 50 times in the last 24 hours")
        _ = try await world.posts.execute(.like(Post.Like(postId: At.id(1), memberId: At.id(2))))
        await #expect(throws: CommandRejection("already liked")) { _ = try await world.posts.execute(.like(Post.Like(postId: At.id(1), memberId: At.id(2)))) }
        await #expect(throws: CommandRejection("only the author deletes a post")) { _ = try await world.posts.execute(.deletePost(Post.DeletePost(postId: At.id(1), by: At.id(2)))) }
    }
}
