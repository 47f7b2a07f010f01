import ArgumentParser
import SupportCtl

/// `supportctl`: the operator's tool (see `supportctl --help`).
@main
struct SupportCtlMain {
    static func main() async {
        await SupportCtl.run()
    }
}
