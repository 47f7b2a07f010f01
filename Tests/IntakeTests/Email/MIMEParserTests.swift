import Foundation
import Testing

@testable import Intake

/// The e-mail parser on samples written here, one MIME feature each.
@Suite struct MIMEParserTests {
    func parse(_ text: String) throws -> InboundMail { try MIMEParser.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)) }

    @Test("encoded words: B and Q, Latin-1, adjacent words joined, text around kept")
    func encodedWords() {
        #expect(EncodedWords.decode("=?iso-8859-1?Q?J=F6rg_M=FCller?=") == "Jörg Müller")
        #expect(EncodedWords.decode("=?UTF-8?B?w6lsw6h2ZQ==?= =?UTF-8?B?IGRlIHRlc3Rl?=") == "élève de teste")
        #expect(EncodedWords.decode("Re: =?utf-8?q?caf=C3=A9?= now") == "Re: café now")
        #expect(EncodedWords.decode("plain text =? not a word") == "plain text =? not a word")
    }

    @Test("addresses in the forms real mail uses")
    func addresses() {
        #expect(Addresses.parse("\"Costa, Nina\" <nina@norte.example>") == ("nina@norte.example", "Costa, Nina"))
        #expect(Addresses.parse("nina@norte.example (Nina)") == ("nina@norte.example", "Nina"))
        #expect(Addresses.parse("Nina nina@norte.example").0 == "nina@norte.example")
        #expect(Addresses.parse("<a@b.example>, <c@d.example>").0 == "a@b.example")
        #expect(Addresses.messageIDs("<a@b> <c@d>\t<e@f>") == ["<a@b>", "<c@d>", "<e@f>"])
    }

    @Test("RFC 2231 file names, base64 attachments, Windows-1252 text")
    func attachmentsAndCharsets() throws {
        let mail = try parse("""
            From: a@b.example
            Subject: x
            Content-Type: multipart/mixed; boundary=b1

            --b1
            Content-Type: text/plain; charset=windows-1252
            Content-Transfer-Encoding: quoted-printable

            Pre=E7o: =80 10
            --b1
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=utf-8''Or%C3%A7amento%20final.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b1--
            """)
        #expect(mail.text.contains("Preço: € 10"))
        #expect(mail.attachments == [.init(name: "Orçamento final.pdf", type: "application/pdf", size: 9)])
    }

    @Test("HTML-only mail becomes readable text")
    func htmlOnly() throws {
        let mail = try parse("""
            From: a@b.example
            Subject: x
            Content-Type: text/html; charset=utf-8

            <html><head><style>p{}</style></head><body><p>Ol&aacute; &amp; bem-vindo</p><p>Linha&nbsp;2<br>3</p></body></html>
            """)
        #expect(mail.fromHTML)
        #expect(mail.text == "Olá & bem-vindo\n\nLinha 2\n3", "paragraphs stay apart")
    }

    @Test("quoted history is cut in English, Portuguese, Spanish and Outlook style")
    func trimming() {
        #expect(ReplyTrimmer.trim("New text.\n\nOn Mon, 1 Jan 2026, Desk <d@x> wrote:\n> old\n> older") == "New text.")
        #expect(ReplyTrimmer.trim("Novo.\nEm 26/11/2026 10:00, Suporte escreveu:\n> antigo") == "Novo.")
        #expect(ReplyTrimmer.trim("Nuevo.\n\nEl lun, 1 ene 2026 a las 10:00, Soporte escribió:\n> viejo") == "Nuevo.")
        #expect(ReplyTrimmer.trim("Hi\n\n-----Original Message-----\nFrom: x") == "Hi")
        #expect(ReplyTrimmer.trim("Hi\n\nFrom: Desk\nSent: Monday\nSubject: x") == "Hi")
        #expect(ReplyTrimmer.trim("> only a quote") == "> only a quote", "never empty")
        #expect(ReplyTrimmer.trim("Answer inline:\n> question\nmy answer") == "Answer inline:\n> question\nmy answer")
    }

    @Test("ticket numbers in subjects, as our notifications write them")
    func subjects() {
        #expect(InboundMailHandler.ticketNumber(inSubject: "Re: [#123] Recebemos seu ticket") == 123)
        #expect(InboundMailHandler.ticketNumber(inSubject: "Fwd: RE: [#7]") == 7)
        #expect(InboundMailHandler.ticketNumber(inSubject: "[#abc] nope") == nil)
        #expect(InboundMailHandler.ticketNumber(inSubject: "#123 without brackets") == nil)
    }

    @Test("what is not an e-mail is refused, not guessed")
    func refused() {
        #expect(throws: MIMEError.self) { try parse("just some text\nwith lines\n") }
        #expect(throws: MIMEError.self) { try parse("") }
    }
}
