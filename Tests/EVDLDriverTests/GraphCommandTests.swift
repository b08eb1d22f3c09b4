import EVDLDriver
import Foundation
import Testing

/// `evdlc graph`: the event flow, sagas and state machines in Mermaid and DOT, byte for byte.
@Suite struct GraphCommandTests {
    static let spec = """
        enum Status { open, paid, closed }
        aggregate Tab {
          id tabId: UUID
          state { status: Status = open, total: Int = 0 }
          command Open creates { }
          command Pay { amount: Int }
          command Close { }
          event Opened { }
          event Paid { amount: Int }
          event Closed { }
          decide Open { emit Opened { } }
          decide Pay {
            require status == open else "not open"
            emit Paid { amount }
          }
          decide Close {
            if status != closed { emit Closed { } }
          }
          apply Opened { status = open }
          apply Paid { status = .paid; total += event.amount }
          apply Closed { status = closed }
        }
        service Bank {
          command Charge { tabId: UUID, amount: Int }
          command Refund { tabId: UUID, amount: Int }
          command Notify { tabId: UUID }
        }
        projection Totals {
          key tabId: UUID
          row { total: Int = 0 }
          on Tab.Paid { total += event.amount }
        }
        policy CloseWhenPaid {
          on Tab.Paid
          after 1h send Tab.Close { tabId: event.tabId }
        }
        saga Settle {
          input { tabId: UUID, amount: Int }
          start on Tab.Paid { tabId: event.tabId, amount: event.amount }
          step charge {
            invoke Bank.Charge { tabId, amount }
            compensate Bank.Refund { tabId, amount }
            retry 2
          }
          step notify {
            invoke Bank.Notify { tabId }
          }
        }
        publish Tab.Closed to "tabs.closed"

        """

    func graph(_ arguments: [String]) throws -> DriverRun {
        let directory = try TemporaryDirectory()
        try directory.write("tab.evdl", Self.spec)
        return runDriver(["graph"] + arguments + ["tab.evdl"], in: directory.path)
    }

    @Test("mermaid: the event flow, the saga with its compensation and pivot, the state machine")
    func mermaid() throws {
        let run = try graph([])
        #expect(run.status == .success)
        #expect(run.output == """
            ## Event flow

            ```mermaid
            flowchart LR
              subgraph aggregate_Tab["aggregate Tab"]
                command_Tab_Open(["Open"])
                command_Tab_Pay(["Pay"])
                command_Tab_Close(["Close"])
                event_Tab_Opened["Opened"]
                event_Tab_Paid["Paid"]
                event_Tab_Closed["Closed"]
              end
              subgraph service_Bank["service Bank"]
                command_Bank_Charge(["Charge"])
                command_Bank_Refund(["Refund"])
                command_Bank_Notify(["Notify"])
              end
              projection_Totals[("Totals")]
              policy_CloseWhenPaid{{"CloseWhenPaid"}}
              saga_Settle[["Settle"]]
              topic_tabs_closed>"tabs.closed"]
              command_Tab_Open --> event_Tab_Opened
              command_Tab_Pay --> event_Tab_Paid
              command_Tab_Close --> event_Tab_Closed
              event_Tab_Paid --> projection_Totals
              event_Tab_Paid --> policy_CloseWhenPaid
              policy_CloseWhenPaid -->|"after 1h"| command_Tab_Close
              event_Tab_Paid -->|"starts"| saga_Settle
              saga_Settle -->|"charge"| command_Bank_Charge
              saga_Settle -.->|"undo charge"| command_Bank_Refund
              saga_Settle -->|"notify"| command_Bank_Notify
              event_Tab_Closed -->|"publish"| topic_tabs_closed
              classDef command fill:#dbeafe,stroke:#2563eb
              class command_Tab_Open,command_Tab_Pay,command_Tab_Close,command_Bank_Charge,command_Bank_Refund,command_Bank_Notify command
              classDef event fill:#ffedd5,stroke:#ea580c
              class event_Tab_Opened,event_Tab_Paid,event_Tab_Closed event
              classDef projection fill:#dcfce7,stroke:#16a34a
              class projection_Totals projection
              classDef policy fill:#f3e8ff,stroke:#9333ea
              class policy_CloseWhenPaid policy
              classDef saga fill:#fef9c3,stroke:#ca8a04
              class saga_Settle saga
              classDef topic fill:#e0f2fe,stroke:#0284c7
              class topic_tabs_closed topic
            ```

            ## Saga Settle

            ```mermaid
            flowchart TB
              saga_Settle_start(("start on Tab.Paid"))
              saga_Settle_step_charge["charge<br/>invoke Bank.Charge<br/>retry 2"]
              saga_Settle_undo_charge["compensate Bank.Refund"]
              saga_Settle_step_notify{{"notify (pivot)<br/>invoke Bank.Notify"}}
              saga_Settle_done(("done"))
              saga_Settle_start --> saga_Settle_step_charge
              saga_Settle_step_charge -.->|"undo"| saga_Settle_undo_charge
              saga_Settle_step_charge --> saga_Settle_step_notify
              saga_Settle_step_notify --> saga_Settle_done
              classDef pivot fill:#fee2e2,stroke:#dc2626,stroke-width:3px
              class saga_Settle_step_notify pivot
              classDef compensation fill:#f5f5f5,stroke:#737373,stroke-dasharray:4 3
              class saga_Settle_undo_charge compensation
            ```

            ## States of Tab.status

            ```mermaid
            stateDiagram-v2
              [*] --> open
              paid --> open: Opened
              closed --> open: Opened
              open --> paid: Paid
              open --> closed: Closed
              paid --> closed: Closed
            ```

            """)
    }

    @Test("dot: one graph with a cluster per diagram")
    func dot() throws {
        let run = try graph(["--format", "dot", "--saga", "Settle"])
        #expect(run.status == .success)
        #expect(run.output == """
            digraph evdl {
              rankdir=LR;
              compound=true;
              node [fontname="Helvetica", fontsize=11];
              edge [fontname="Helvetica", fontsize=9];
              subgraph cluster_saga_Settle {
                label="Saga Settle";
                fontname="Helvetica-Bold";
                saga_Settle_start [label="start on Tab.Paid", shape=ellipse];
                saga_Settle_step_charge [label="charge\\ninvoke Bank.Charge\\nretry 2", shape=box, style=rounded];
                saga_Settle_undo_charge [label="compensate Bank.Refund", shape=box, style="rounded,dashed", color="#737373"];
                saga_Settle_step_notify [label="notify (pivot)\\ninvoke Bank.Notify", shape=hexagon, style=filled, fillcolor="#fee2e2", color="#dc2626", penwidth=2];
                saga_Settle_done [label="done", shape=ellipse];
                saga_Settle_start -> saga_Settle_step_charge;
                saga_Settle_step_charge -> saga_Settle_undo_charge [label="undo", style=dashed];
                saga_Settle_step_charge -> saga_Settle_step_notify;
                saga_Settle_step_notify -> saga_Settle_done;
              }
            }

            """)
        let states = try graph(["--format", "dot", "--only", "states"])
        #expect(states.output.contains("""
              subgraph cluster_states_Tab_status {
                label="States of Tab.status";
                fontname="Helvetica-Bold";
                states_Tab_status__start [shape=point, width=0.15];
                states_Tab_status_open [label="open", shape=box, style=rounded];
            """))
        #expect(states.output.contains("    states_Tab_status__start -> states_Tab_status_open;\n    states_Tab_status_paid -> states_Tab_status_open [label=\"Opened\"];\n"))
    }

    @Test("--aggregate keeps what touches it and its state machine; --only picks the diagrams")
    func filters() throws {
        let run = try graph(["--aggregate", "Tab", "--only", "flow"])
        #expect(run.output.hasPrefix("## Event flow of Tab\n"))
        #expect(run.output.contains("saga_Settle[[\"Settle\"]]"))
        #expect(!run.output.contains("command_Bank_Notify"))
        #expect(!run.output.contains("stateDiagram"))
        let states = try graph(["--aggregate", "Tab", "--only", "states"])
        #expect(states.output.hasPrefix("## States of Tab.status\n"))
        #expect(!states.output.contains("flowchart"))
    }

    @Test("state machines follow switch arms, ||, !, else branches and state.field")
    func stateConditions() throws {
        let directory = try TemporaryDirectory()
        try directory.write("door.evdl", """
            enum Door { shut, open, locked, broken }
            aggregate D {
              id dId: UUID
              state { door: Door = shut }
              command Open { }
              command Lock { }
              command Kick { }
              event Opened { }
              event Locked { }
              event Broken { }
              decide Open {
                switch door {
                case .shut: emit Opened { }
                default: require false else "no"
                }
              }
              decide Lock {
                if !(state.door == open || door == broken) { emit Locked { } }
              }
              decide Kick {
                if door == broken { } else { emit Broken { } }
              }
              apply Opened { door = open }
              apply Locked { door = .locked }
              apply Broken { door = broken }
            }

            """)
        let run = runDriver(["graph", "--only", "states", "door.evdl"], in: directory.path)
        #expect(run.output == """
            ## States of D.door

            ```mermaid
            stateDiagram-v2
              [*] --> shut
              shut --> open: Opened
              shut --> locked: Locked
              shut --> broken: Broken
              open --> broken: Broken
              locked --> broken: Broken
            ```

            """)
    }

    @Test("an unknown aggregate or saga is exit status 2 and names the ones there are")
    func unknownNames() throws {
        let aggregate = try graph(["--aggregate", "Nope"])
        #expect(aggregate.status == .usage)
        #expect(aggregate.errors == "error: no aggregate `Nope` in the specs (aggregates: Tab)\n")
        let saga = try graph(["--saga", "Nope"])
        #expect(saga.status == .usage)
        #expect(saga.errors == "error: no saga `Nope` in the specs (sagas: Settle)\n")
    }

    @Test("specs with errors are not drawn: the errors go to standard error, status 1")
    func errors() throws {
        let directory = try TemporaryDirectory()
        try directory.write("bad.evdl", "aggregate A {\n  id aId: UUID\n  decide Nope { }\n}\n")
        let run = runDriver(["graph", "bad.evdl"], in: directory.path)
        #expect(run.status == .findings)
        #expect(run.output.isEmpty)
        #expect(run.errors.contains("bad.evdl:3:"))
    }

    @Test("the help lists graph and its options")
    func help() {
        let run = runDriver(["graph", "--help"], in: "/")
        #expect(run.status == .success)
        for option in ["--format mermaid|dot", "--aggregate NAME", "--saga NAME", "--only flow|sagas|states"] { #expect(run.output.contains(option)) }
        #expect(runDriver(["--help"], in: "/").output.contains("graph "))
    }

    @Test("the checkout example's diagrams in docs/ are what evdlc graph prints now")
    func checkoutDiagrams() throws {
        let specs = "Examples/Checkout/Sources/Checkout"
        let mermaid = runDriver(["graph", specs], in: packageRoot)
        #expect(mermaid.output == (try String(contentsOfFile: packageRoot + "/docs/checkout-graph.md", encoding: .utf8)))
        let dot = runDriver(["graph", "--format", "dot", specs], in: packageRoot)
        #expect(dot.output == (try String(contentsOfFile: packageRoot + "/docs/checkout-graph.dot", encoding: .utf8)))
    }
}
