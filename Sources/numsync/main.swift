import Foundation
import NumSync

let r = DesiredStateLoader().load(Array(CommandLine.arguments.dropFirst()))
for d in r.diagnostics {
    print(d.location?.description ?? "-", d.message, d.notes.map { "\($0.location!) \($0.message)" })
}
for n in r.state.numbers { print(n) }
print(r.digest)
