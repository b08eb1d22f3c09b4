import EVDLRuntime
import Feed
import Foundation
import Testing

/// One event stream per member, three read models kept by one projection runner.
@Suite struct ReadModelTests {
    let ada = UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!
    let grace = UUID(uuidString: "00000000-0000-0000-0000-0000000000b2")!
    let linus = UUID(uuidString: "00000000-0000-0000-0000-0000000000c3")!

    func at(_ minute: Int) -> Date { Date(timeIntervalSince1970: Double(minute) * 60) }
    func postID(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0001-%012d", n))! }

    /// Ada, Grace and Linus join; Ada posts twice, Grace once; Grace and Linus follow Ada, Linus follows Grace.
    func populated() async throws -> Community {
        let community = Community()
        try await community.send(.join(Member.Join(memberId: ada, handle: "ada")), at: at(1))
        try await community.send(.join(Member.Join(memberId: grace, handle: "grace")), at: at(2))
        try await community.send(.join(Member.Join(memberId: linus, handle: "linus")), at: at(3))
        try await community.send(.post(Member.Post(memberId: ada, postId: postID(1), text: "first")), at: at(4))
        try await community.send(.post(Member.Post(memberId: grace, postId: postID(2), text: "moth")), at: at(5))
        try await community.send(.post(Member.Post(memberId: ada, postId: postID(3), text: "second")), at: at(6))
        try await community.send(.follow(Member.Follow(memberId: grace, followee: ada)), at: at(7))
        try await community.send(.follow(Member.Follow(memberId: linus, followee: ada)), at: at(8))
        try await community.send(.follow(Member.Follow(memberId: linus, followee: grace)), at: at(9))
        return community
    }

    @Test func eachMemberHasItsOwnStream() async throws {
        let community = try await populated()
        #expect(await community.store.streamVersion(Member.streamID(for: ada)) == 3)
        #expect(await community.store.streamVersion(Member.streamID(for: linus)) == 3)
        #expect(await community.store.headPosition() == 9)
    }

    @Test func profilesCountPostsAndFollowsAndAnswerByHandle() async throws {
        let community = try await populated()
        #expect(try await community.refresh() == 9)
        let profiles = try await Profiles.prolific(minimum: 0, in: community.readModels)
        #expect(profiles.map(\.handle) == ["ada", "grace", "linus"])
        #expect(profiles.map(\.posts) == [2, 1, 0])
        #expect(profiles.map(\.following) == [0, 1, 2])
        #expect(try await Profiles.byHandle(handle: "grace", in: community.readModels)?.memberId == grace)
        #expect(try await Profiles.byHandle(handle: "nobody", in: community.readModels) == nil)
        #expect(try await Profiles.prolific(minimum: 2, in: community.readModels).map(\.handle) == ["ada"])
    }

    @Test func followerCountsAreKeyedByTheFollowee() async throws {
        let community = try await populated()
        try await community.refresh()
        #expect(await community.readModels.row(ada, of: FollowerCounts.self)?.followers == 2)
        #expect(await community.readModels.row(grace, of: FollowerCounts.self)?.followers == 1)
        #expect(await community.readModels.row(linus, of: FollowerCounts.self) == nil)
        #expect(try await FollowerCounts.popular(minimum: 2, in: community.readModels).map(\.memberId) == [ada])
        try await community.send(.unfollow(Member.Unfollow(memberId: grace, followee: ada)), at: at(10))
        try await community.refresh()
        #expect(await community.readModels.row(ada, of: FollowerCounts.self)?.followers == 1)
        #expect(await community.readModels.row(grace, of: Profiles.self)?.following == 0)
    }

    @Test func postsAreKeptPerPostAndQueriedByAuthor() async throws {
        let community = try await populated()
        try await community.refresh()
        let ours = try await Posts.byAuthor(author: ada, in: community.readModels)
        #expect(ours.map(\.text) == ["first", "second"])
        #expect(ours.map(\.postedAt) == [at(4), at(6)])
        #expect(await community.readModels.row(postID(2), of: Posts.self)?.author == grace)
    }

    @Test func aTimelineMergesThePostsOfTheFolloweesNewestFirst() async throws {
        let community = try await populated()
        #expect(try await community.timeline(for: linus).map(\.text) == ["second", "moth", "first"])
        #expect(try await community.timeline(for: linus).map(\.author) == ["ada", "grace", "ada"])
        #expect(try await community.timeline(for: grace, limit: 1).map(\.text) == ["second"])
        #expect(try await community.timeline(for: ada).isEmpty)
    }

    @Test func aRebuiltReadModelEqualsTheIncrementalOne() async throws {
        let community = try await populated()
        try await community.refresh()
        let before = try await Profiles.prolific(minimum: 0, in: community.readModels)
        try await community.projections.rebuild(Profiles.self)
        #expect(try await Profiles.prolific(minimum: 0, in: community.readModels) == before)
    }
}
