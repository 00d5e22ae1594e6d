"""Texts of the counter station and the service register."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "counter.window_title": _t("ULT Desktop — Loket", "ULT Desktop — Counter"),
    # login
    "counter.login.title": _t("Masuk Petugas Loket", "Officer sign-in"),
    "counter.login.officer": _t("Petugas", "Officer"),
    "counter.login.pin": _t("PIN", "PIN"),
    "counter.login.counter": _t("Loket", "Counter"),
    "counter.login.services": _t("Layanan yang dilayani loket ini", "Services this counter serves"),
    "counter.login.no_counter": _t("Tanpa loket (back office / pimpinan)",
                                   "No counter (back office / head)"),
    "counter.login.submit": _t("Masuk", "Sign in"),
    "counter.login.checking": _t("Memeriksa PIN…", "Checking the PIN…"),
    "counter.login.need_service": _t("Pilih minimal satu layanan untuk loket ini.",
                                     "Choose at least one service for this counter."),
    "counter.logout": _t("Keluar", "Sign out"),
    "counter.error.bad_login": _t("Nama petugas atau PIN salah; periksa lalu coba lagi.",
                                  "Wrong officer or PIN; check them and try again."),
    # roles
    "counter.role.front_office": _t("Front Office", "Front office"),
    "counter.role.back_office": _t("Back Office", "Back office"),
    "counter.role.helpdesk": _t("Helpdesk", "Helpdesk"),
    "counter.role.supervisor": _t("Pimpinan", "Head"),
    "counter.role.admin": _t("Admin", "Admin"),
    # tabs
    "counter.tab.queue": _t("Antrean", "Queue"),
    "counter.tab.remote": _t("Telepon && Daring", "Phone && online"),
    "counter.tab.cases": _t("Tindak Lanjut Kasus", "Case follow-up"),
    # queue
    "counter.action.call_next": _t("Panggil berikutnya", "Call next"),
    "counter.action.recall": _t("Panggil ulang", "Recall"),
    "counter.action.skip": _t("Lewati", "Skip (no-show)"),
    "counter.action.transfer": _t("Alihkan", "Transfer"),
    "counter.action.serve": _t("Mulai layani", "Start serving"),
    "counter.action.finish": _t("Selesai", "Finish"),
    "counter.action.reclassify": _t("Ubah prioritas", "Change priority"),
    "counter.action.call_this": _t("Panggil pilihan", "Call selected"),
    "counter.msg.held": _t("{number} ditahan untuk {where} sampai pukul {until}; setelah itu "
                           "loket ini dapat memanggilnya.",
                           "{number} is held for {where} until {until}; then this counter "
                           "may call it."),
    "counter.offline.not_on_lan": _t("{number} dicatat, tetapi TV tidak menerima panggilan "
                                     "ini (PC ini belum punya kunci stasiun atau kunci "
                                     "kantor): panggil pengunjung dengan suara.",
                                     "{number} is kept, but the TV did not get this call "
                                     "(this PC has no station key or office key yet): call "
                                     "the visitor aloud."),
    "counter.msg.held_always": _t("{number} hanya dipanggil di {where} menurut aturan "
                                  "prioritas kantor.",
                                  "{number} is called only at {where}, by the office's "
                                  "priority rule."),
    "counter.queue.kept": _t("ditahan untuk {where}", "kept for {where}"),
    "counter.held.priority_counter": _t("loket prioritas", "the priority counter"),
    "counter.held.returned": _t("{n} nomor layanannya (melapor kembali)",
                                "{n} numbers of its service (reported back)"),
    "counter.unprinted": _t("Tiket tidak tercetak (tetap dalam antrean; cetak ulang bila "
                            "pengunjung masih di anjungan):",
                            "Tickets not printed (still in the queue; print again if the "
                            "visitor is still at the kiosk):"),
    "counter.queue.unprinted": _t("tidak tercetak", "not printed"),
    "counter.reprint": _t("{number}: cetak ulang", "{number}: print again"),
    "counter.msg.reprint_asked": _t("Anjungan diminta mencetak ulang {number}",
                                    "The kiosk was asked to print {number} again"),
    "counter.call_this.title": _t("Panggil {number} di luar urutan", "Call {number} out of turn"),
    "counter.call_this.prompt": _t("Pengunjung dipanggil sesuai urutan. Jika {number} "
                                   "dipanggil lebih dulu, pilih alasannya; alasan disimpan "
                                   "dan dihitung dalam laporan.",
                                   "Visitors are called in turn. If {number} is called "
                                   "first, choose why; the reason is kept and counted in the "
                                   "report."),
    "counter.pause.ishoma": _t("ISHOMA", "Break"),
    "counter.pause.rapat": _t("Rapat", "Meeting"),
    "counter.pause.tugas_luar": _t("Tugas luar", "Duty outside"),
    "counter.pause.other": _t("Tutup sementara", "Closed for now"),
    "counter.action.pause": _t("Jeda", "Pause"),
    "counter.queue.paused": _t("Dijeda — tekan Lanjutkan", "Paused — press Resume"),
    "counter.action.resume": _t("Lanjutkan", "Resume"),
    "counter.pause.title": _t("Jeda {counter}", "Pause {counter}"),
    "counter.pause.prompt": _t("Loket tidak memanggil selama jeda; layar TV dan anjungan "
                               "menampilkannya, dan laporan menghitung lamanya per alasan.",
                               "The counter calls nobody while paused; the TV and the kiosk "
                               "show it, and the report counts its time per reason."),
    "counter.pause.other_label": _t("Lainnya (tuliskan)", "Other (type it)"),
    "counter.msg.paused": _t("{counter} dijeda: {reason}", "{counter} paused: {reason}"),
    "counter.msg.resumed": _t("{counter} kembali melayani", "{counter} is serving again"),
    "counter.call_reason.appointment": _t("Janji temu", "Appointment"),
    "counter.call_reason.returning": _t("Pengunjung kembali", "Returning visitor"),
    "counter.call_reason.specialist": _t("Perlu petugas khusus", "Needs the specialist"),
    "counter.call_reason.other": _t("Lainnya (tuliskan)", "Other (type it)"),

    "counter.queue.at_desk": _t("Di loket", "At the desk"),
    "counter.queue.idle": _t("Belum ada yang dipanggil — tekan F1", "Nobody called yet — press F1"),
    "counter.queue.no_counter": _t("Tampilan antrean (tanpa loket)", "Queue view (no counter)"),
    "counter.queue.waiting_title": _t("Daftar tunggu: {n} menunggu, {skipped} dilewati",
                                      "Waiting list: {n} waiting, {skipped} skipped"),
    "counter.queue.transferred": _t("dialihkan {dest}", "transferred {dest}"),
    "counter.priority": _t("prioritas", "priority"),
    "counter.minutes": _t("{n} mnt", "{n} min"),
    "counter.timer.serving": _t("Waktu layanan {elapsed} / target {target}",
                                "Service time {elapsed} / target {target}"),
    "counter.timer.called": _t("Sejak dipanggil {elapsed}", "Since called {elapsed}"),
    "counter.col.service": _t("Layanan", "Service"),
    "counter.col.waiting": _t("Menunggu", "Waiting"),
    "counter.col.priority": _t("Prioritas", "Priority"),
    "counter.col.longest": _t("Terlama", "Longest"),
    "counter.col.number": _t("Nomor", "Number"),
    "counter.col.wait": _t("Tunggu", "Wait"),
    "counter.col.note": _t("Keterangan", "Note"),
    "counter.col.channel": _t("Kanal", "Channel"),
    "counter.col.name": _t("Nama", "Name"),
    "counter.col.phone": _t("Telepon", "Phone"),
    "counter.col.status": _t("Status", "Status"),
    "counter.col.due": _t("Tenggat", "Due"),
    "counter.col.topic": _t("Topik", "Topic"),
    "counter.col.to": _t("Diteruskan ke", "Forwarded to"),
    "counter.msg.called": _t("{number} dipanggil.", "{number} called."),
    "counter.msg.nobody_for_here": _t(
        "{n} orang menunggu di daftar, tetapi belum untuk loket ini: tiket prioritas menunggu "
        "loket prioritas (loket lain memanggilnya bila terlalu lama), atau tiketnya dialihkan "
        "ke loket atau petugas lain.",
        "{n} waiting in the list, but not for this counter yet: priority tickets wait for the "
        "priority counter (others call them if they wait too long), or the tickets were "
        "sent to another counter or officer."),
    "counter.msg.nobody": _t("Tidak ada antrean untuk loket ini.",
                             "Nobody is waiting for this counter."),
    "counter.msg.recalled": _t("{number} dipanggil ulang.", "{number} called again."),
    "counter.msg.missed": _t("{number} sudah dipanggil {calls} kali dan ditandai terlewat; "
                             "bila ia melapor kembali, ia masuk antrean lagi.",
                             "{number} was called {calls} times and is marked missed; if "
                             "they report back, they join the line again."),
    "counter.msg.reported_back": _t("{number} melapor kembali dan dipanggil lagi setelah "
                                    "{after} nomor layanannya.",
                                    "{number} reported back and is called again after "
                                    "{after} numbers of its service."),
    "counter.calls": _t("Dipanggil {calls}/{most}", "Called {calls}/{most}"),
    "counter.calls_last": _t("Dipanggil {calls}/{most} · terakhir",
                             "Called {calls}/{most} · last"),
    "counter.calls_tip": _t("Dipanggil {most} kali lalu ditandai terlewat: Panggil ulang "
                            "(F2) setelah panggilan ke-{most} menandainya terlewat.",
                            "Called {most} times, then marked missed: Recall (F2) after "
                            "call {most} marks the visitor missed."),
    "counter.cases.lapor": _t("Kategori SP4N-LAPOR!", "SP4N-LAPOR! category"),
    "counter.msg.lapor_category": _t("Kategori LAPOR! disimpan; tenggatnya tampil di meja "
                                     "back office.",
                                     "LAPOR! category saved; its deadlines show on the "
                                     "back-office desk."),
    "counter.keep.title": _t("Masih ada pengunjung di loket", "A visitor is still at the desk"),
    "counter.keep.called": _t("{number} sudah dipanggil dan belum datang. Tetap menunggu "
                              "{number}, atau tandai tidak hadir lalu panggil berikutnya?",
                              "{number} was called and has not come. Keep waiting for "
                              "{number}, or mark them a no-show and call the next?"),
    "counter.keep.serving": _t("{number} sedang dilayani. Tetap melayani {number}, atau "
                               "selesaikan dulu lalu panggil berikutnya?",
                               "{number} is being served. Keep serving {number}, or finish "
                               "it first, then call the next?"),
    "counter.keep.keep": _t("Tetap {number}", "Keep {number}"),
    "counter.keep.next": _t("Lewati {number}, panggil berikutnya",
                            "Skip {number}, call the next"),
    "counter.keep.finish": _t("Selesaikan {number} dulu", "Finish {number} first"),
    "counter.visit.button": _t("Jadwalkan kunjungan", "Book a visit"),
    "counter.visit.who_can": _t("Kunjungan lanjutan dijadwalkan oleh: {roles}.",
                                "A follow-up visit is booked by: {roles}."),
    "counter.followup": _t("Kunjungan lanjutan {case}: {name}",
                           "Follow-up visit {case}: {name}"),
    "counter.followup.no_name": _t("(nama tidak dicatat)", "(no name recorded)"),
    "counter.visit.title": _t("Kunjungan lanjutan", "Follow-up visit"),
    "counter.visit.prompt": _t(
        "Hari kerja dan jam di dalam jam layanan. Pengunjung menerima slip dengan QR; pada "
        "hari itu ia memindainya di anjungan dan masuk antrean.",
        "A working day and a window inside the office's hours. The visitor gets a slip with "
        "a QR; on the day they scan it at the kiosk and join the line."),
    "counter.visit.day": _t("Tanggal", "Day"),
    "counter.visit.opens": _t("Dari pukul", "From"),
    "counter.visit.closes": _t("Sampai pukul", "Until"),
    "counter.visit.print": _t("Cetak", "Print"),
    "counter.visit.printing": _t("Slip sedang dicetak…", "The slip is printing…"),
    "counter.visit.printed": _t("Slip sudah tercetak; berikan kepada pengunjung.",
                                "The slip is printed; give it to the visitor."),
    "counter.visit.kiosk_asked": _t("Loket ini tidak punya printer: slip dicetak di "
                                    "anjungan {kiosk}; minta pengunjung mengambilnya di sana.",
                                    "This counter has no printer: the slip prints at kiosk "
                                    "{kiosk}; ask the visitor to collect it there."),
    "counter.visit.print_failed": _t("Slip belum tercetak ({error}); periksa printer lalu "
                                     "tekan Cetak lagi.", "The slip did not print ({error}); "
                                     "check the printer, then press Print again."),
    "counter.visit.print_timeout": _t("Printer tidak menjawab; periksa printer lalu tekan "
                                      "Cetak lagi.", "The printer did not answer; check it, "
                                      "then press Print again."),
    "counter.visit.slip": _t("Slip kunjungan lanjutan", "Follow-up visit slip"),
    "counter.msg.visit_booked": _t("Kunjungan lanjutan {day} pukul {opens}-{closes} tercatat.",
                                   "Follow-up visit on {day}, {opens}-{closes} booked."),
    "counter.scan.hint": _t("Pindai atau ketik kode (F10)", "Scan or type a code (F10)"),
    "counter.scan.case": _t("Kasus {case} dibuka dari kodenya.", "Case {case} opened from its code."),
    "counter.scan.ticket": _t("{number} dipilih dari kodenya ({state}).",
                              "{number} picked from its code ({state})."),
    "counter.action.report_back": _t("Lapor kembali", "Reported back"),
    "counter.report_back.title": _t("{number} melapor kembali lagi",
                                    "{number} reports back again"),
    "counter.report_back.prompt": _t(
        "{number} sudah melapor kembali sekali hari ini. Tulis alasan memasukkannya lagi.",
        "{number} already reported back once today. Write why they join the line again."),
    "counter.msg.skipped": _t("{number} dilewati; dapat dipanggil ulang hari ini.",
                              "{number} skipped; it can be recalled today."),
    "counter.msg.serving": _t("Mulai melayani {number}.", "Serving {number}."),
    "counter.msg.transferred": _t("{number} dialihkan.", "{number} transferred."),
    "counter.msg.reclassified": _t("Prioritas {number} diubah dan dicatat.",
                                   "Priority of {number} changed and logged."),
    "counter.msg.finished": _t("{number} selesai: {outcome}.", "{number} finished: {outcome}."),
    "counter.msg.finish_refused": _t(
        "{number} belum selesai di basis data: {reason} Isian tamu tetap tersimpan; "
        "periksa tiket lalu tekan Selesai lagi.",
        "{number} is not finished in the database: {reason} What you typed is kept; "
        "check the ticket and press Finish again."),
    "counter.msg.moved_on": _t("Tiket itu sudah diubah di stasiun lain.",
                               "That ticket was changed at another station."),
    "counter.msg.fix_form": _t("Lengkapi data buku tamu yang ditandai merah.",
                               "Complete the register fields marked in red."),
    "counter.msg.record_saved": _t("Data buku tamu tersimpan.", "Register entry saved."),
    "counter.msg.remote_saved": _t("Permintaan {name} tersimpan.", "Request of {name} saved."),
    "counter.msg.remote_saved_ref": _t("Permintaan {name} tersimpan (nomor permohonan {ref}).",
                                       "Request of {name} saved (request number {ref})."),
    "counter.msg.answered": _t("Jawaban untuk {name} tersimpan.", "Answer for {name} saved."),
    "counter.msg.rescheduled": _t("Kasus {name} dijadwalkan ulang.", "Case of {name} rescheduled."),
    "counter.msg.callback_reached": _t("{name} sudah dihubungi kembali.",
                                       "{name} was called back."),
    "counter.msg.callback_unreached": _t("Panggilan ke {name} dicatat: belum tersambung.",
                                         "Call to {name} logged: not reached."),
    "counter.msg.case_closed": _t("Kasus {name} ditutup.", "Case of {name} closed."),
    # outcomes and dialogs
    "counter.outcome.answered": _t("Dijawab langsung di front office",
                                   "Answered at the front office"),
    "counter.outcome.consulted": _t("Dijawab setelah konsultasi back office",
                                    "Answered after consulting back office"),
    "counter.outcome.escalated": _t("Diteruskan ke back office", "Forwarded to back office"),
    "counter.outcome.rescheduled": _t("Belum selesai, dijadwalkan ulang",
                                      "Not solved yet, rescheduled"),
    "counter.outcome.referred": _t("Dirujuk ke unit utama", "Referred to a unit utama"),
    "counter.outcome.cancelled": _t("Dibatalkan", "Cancelled"),
    "counter.finish.title": _t("Selesai melayani {number}", "Finish {number}"),
    "counter.finish.unit": _t("Unit utama", "Unit utama"),
    "counter.finish.unit_hint": _t("mis. Ditjen GTK", "e.g. Ditjen GTK"),
    "counter.finish.callback": _t("Perlu dihubungi kembali dengan jawaban",
                                  "Visitor must be called back with the answer"),
    "counter.dialog.ok": _t("Simpan", "Save"),
    "counter.dialog.cancel": _t("Batal", "Cancel"),
    "counter.transfer.title": _t("Alihkan {number}", "Transfer {number}"),
    "counter.transfer.service": _t("Layanan", "Service"),
    "counter.transfer.counter": _t("Ke loket", "To counter"),
    "counter.transfer.officer": _t("Ke petugas", "To officer"),
    "counter.transfer.reason": _t("Alasan", "Reason"),
    "counter.transfer.same": _t("(layanan tetap)", "(same service)"),
    "counter.transfer.any": _t("(siapa saja)", "(anyone)"),
    "counter.transfer.need_destination": _t("Pilih layanan, loket, atau petugas tujuan.",
                                            "Choose a service, counter or officer."),
    "counter.reclassify.title": _t("Ubah prioritas {number}", "Change priority of {number}"),
    "counter.reclassify.prompt": _t(
        "Antrean prioritas untuk kelompok rentan (disabilitas, lanjut usia, ibu hamil/"
        "menyusui, anak-anak, korban bencana). Alasan perubahan dicatat.",
        "Priority is for vulnerable visitors (disability, elderly, pregnant or nursing, "
        "children, disaster victims). The reason is logged."),
    "counter.reclassify.group": _t("Kelompok", "Group"),
    "counter.reclassify.priority": _t("Tiket prioritas (kelompok rentan)",
                                      "Priority ticket (vulnerable visitor)"),
    "counter.reason": _t("Alasan", "Reason"),
    "counter.reschedule.prompt": _t("Belum terselesaikan: tentukan tenggat baru dan alasannya.",
                                    "Not solved yet: set a new due date and the reason."),
    "counter.reschedule.days": _t("Diundur", "Put off by"),
    "counter.reschedule.preview": _t("Tenggat baru: {new} (sebelumnya {old}).",
                                     "New due date: {new} (was {old})."),
    "counter.reschedule.closed": _t("Hari libur di antaranya: {days}.",
                                    "Holidays in between: {days}."),
    "counter.error.callback_done": _t(
        "Pengunjung ini sudah dihubungi dan menerima jawabannya; tidak dicatat lagi.",
        "This visitor was already reached with the answer; not logged again."),
    "counter.error.reschedule_not_later": _t(
        "Tenggat baru harus sesudah tenggat lama ({due}); tambah jumlah hari kerjanya.",
        "The new due date must be after the old one ({due}); add working days."),
    "counter.days_suffix": _t("hari kerja", "working days"),
    # register form
    "counter.form.title": _t("Buku tamu layanan", "Service register"),
    "counter.form.title_ticket": _t("Buku tamu — {number}", "Service register — {number}"),
    "counter.form.name": _t("Nama *", "Name *"),
    "counter.form.institution": _t("Instansi / sekolah", "Institution / school"),
    "counter.form.region": _t("Kabupaten/kota", "Regency/city"),
    "counter.form.region_hint": _t("ketik untuk mencari, mis. Semarang",
                                   "type to search, e.g. Semarang"),
    "counter.form.phone": _t("Telepon", "Phone"),
    "counter.form.email": _t("Surel", "E-mail"),
    "counter.form.id_number": _t("NIK/NIP", "ID (NIK/NIP)"),
    "counter.form.id_hint": _t("opsional; ditampilkan tersamar", "optional; shown masked"),
    "counter.form.on_behalf": _t("Mewakili orang/instansi lain (surat kuasa / surat tugas)",
                                 "Acting for someone else (letter of authority / assignment)"),
    "counter.form.on_behalf_of": _t("atas nama", "on behalf of"),
    "counter.form.letter_choose": _t("jenis surat", "letter type"),
    "counter.form.letter_number": _t("nomor surat", "letter number"),
    "counter.form.topic": _t("Topik", "Topic"),
    "counter.form.question": _t("Pertanyaan", "Question"),
    "counter.form.answer": _t("Jawaban / catatan", "Answer / notes"),
    "counter.form.save": _t("Simpan", "Save"),
    "counter.form.saved": _t("Tersimpan di basis data.", "Saved in the database."),
    "counter.request.informasi": _t("Informasi", "Information"),
    "counter.request.konsultasi": _t("Konsultasi", "Consultation"),
    "counter.request.pengaduan": _t("Pengaduan", "Complaint"),
    "counter.request.perizinan": _t("Perizinan", "Permit"),
    "counter.request.permohonan": _t("Permohonan / pengurusan", "Application"),
    "counter.invalid.request_type": _t("Pilih jenis permintaan dari daftar.",
                                       "Choose the kind of request from the list."),
    "counter.form.answer_arrived": _t("Jawaban back office sudah masuk ke formulir.",
                                      "The back office's answer is now in the form."),
    "counter.form.draft_kept": _t("Draf disimpan di komputer ini.", "Draft kept on this computer."),
    "counter.form.draft_restored": _t("Draf yang belum tersimpan dipulihkan.",
                                      "An unsaved draft was restored."),
    "counter.form.pending": _t("Basis data tidak tersedia: draf aman di komputer ini dan akan "
                               "dikirim otomatis saat basis data kembali.",
                               "Database unavailable: the draft is safe on this computer and "
                               "will be sent when the database is back."),
    "counter.letter.surat_kuasa": _t("Surat kuasa", "Letter of authority"),
    "counter.letter.surat_tugas": _t("Surat tugas", "Assignment letter"),
    "counter.invalid.name": _t("Nama wajib diisi.", "The name is required."),
    "counter.invalid.phone": _t("Nomor telepon tidak valid (mis. 0812-3456-7890).",
                                "The phone number is not valid (e.g. 0812-3456-7890)."),
    "counter.invalid.email": _t("Alamat surel tidak valid.", "The e-mail address is not valid."),
    "counter.invalid.id_number": _t("NIK harus 16 digit atau NIP 18 digit.",
                                    "NIK must be 16 digits or NIP 18 digits."),
    "counter.invalid.contact": _t("Isi nomor telepon atau surel agar dapat dihubungi.",
                                  "Give a phone number or e-mail to reach the visitor."),
    "counter.invalid.callback_contact": _t(
        "Menghubungi kembali perlu nomor HP atau surel pengunjung; isi salah satunya, atau "
        "hapus centang \"Perlu dihubungi kembali\".",
        "A call-back needs the visitor's phone or e-mail; give one, or untick \"Visitor "
        "must be called back\"."),
    "counter.form.phone_hint": _t("mis. 0812…", "e.g. 0812…"),
    "counter.invalid.on_behalf_of": _t("Isi atas nama siapa pengunjung datang.",
                                       "Say on whose behalf the visitor comes."),
    "counter.invalid.letter_type": _t("Pilih jenis surat (kuasa atau tugas).",
                                      "Choose the letter type (authority or assignment)."),
    "counter.invalid.letter_number": _t("Isi nomor surat.", "Give the letter number."),
    "counter.invalid.question": _t("Isi pertanyaan untuk kasus yang diteruskan.",
                                   "Give the question for an escalated case."),
    "counter.invalid.region": _t("Pilih kabupaten/kota dari daftar.",
                                 "Choose the regency/city from the list."),
    # the visitors' phone page, when this PC serves it
    "counter.phone_page.serving": _t(
        "PC ini melayani halaman antrean ponsel ({address}): jangan tutup aplikasi.",
        "This PC serves the phone queue page ({address}): do not close the app."),
    "counter.phone_page.problem": _t(
        "Halaman antrean ponsel tidak bisa dibuka di {address}; hubungi petugas TI.",
        "The phone queue page cannot open {address}; call the IT officer."),
    # phone & online
    "counter.channel.walk_in": _t("Tatap muka", "Walk-in"),
    "counter.channel.phone": _t("Telepon", "Phone"),
    "counter.channel.online": _t("Daring", "Online"),
    "counter.remote.title": _t("Permintaan lewat telepon / daring", "Request by phone / online"),
    "counter.remote.channel": _t("Kanal", "Channel"),
    "counter.remote.online_ref": _t("No. permintaan daring", "Online request no."),
    "counter.remote.online_ref_hint": _t("nomor antrean dari aplikasi daring",
                                         "queue number from the online app"),
    "counter.remote.outcome": _t("Tindak lanjut", "Follow-up"),
    "counter.remote.answered": _t("Dijawab langsung", "Answered at once"),
    "counter.remote.to_back_office": _t("Teruskan ke back office", "Forward to back office"),
    "counter.remote.to_unit_utama": _t("Rujuk ke unit utama", "Refer to a unit utama"),
    "counter.remote.new": _t("Baru", "New"),
    "counter.remote.today": _t("Telepon && daring hari ini", "Phone && online today"),
    "counter.remote.status_answered": _t("dijawab", "answered"),
    # cases
    "counter.cases.show": _t("Tampilkan", "Show"),
    "counter.cases.filter.active": _t("Semua yang terbuka", "All open"),
    "counter.cases.filter.overdue": _t("Lewat tenggat", "Overdue"),
    "counter.cases.filter.due_today": _t("Tenggat hari ini", "Due today"),
    "counter.cases.filter.rescheduled": _t("Dijadwalkan ulang", "Rescheduled"),
    "counter.cases.filter.callback": _t("Perlu dihubungi kembali", "To call back"),
    "counter.cases.filter.closed": _t("Ditutup hari ini", "Closed today"),
    # -- online requests imported from the web form's export ----------------
    "import.button": _t("Impor dari formulir daring…", "Import from the online form…"),
    "import.title": _t("Impor permohonan daring", "Import online requests"),
    "import.hint": _t(
        "Pilih kolom berkas ekspor untuk setiap isian; pilihan ini diingat di PC ini. "
        "Permohonan yang nomornya sudah ada di buku tamu tidak ditambahkan lagi.",
        "Pick the export's column for each field; this PC remembers the choice. Requests "
        "whose number is in the guest book already are not added again."),
    "import.default_service": _t("Layanan bila kosong", "Service when none is given"),
    "import.none": _t("(tidak ada)", "(none)"),
    "import.start": _t("Impor", "Import"),
    "import.working": _t("Mengimpor baris {n} dari {total}…", "Importing row {n} of {total}…"),
    "import.summary": _t("{added} permohonan ditambahkan ke buku tamu dan meja back office, "
                         "{existing} sudah ada, {refused} ditolak.",
                         "{added} requests added to the guest book and the back-office "
                         "desk, {existing} already there, {refused} refused."),
    "import.codes": _t("Kode survei {n} pemohon baru tampil di bawah; kirimkan kepada "
                       "mereka (kode tidak disimpan di berkas mana pun).",
                       "The survey codes of {n} new requesters are shown below; send them "
                       "on (they are kept in no file)."),
    "import.error.service": _t("layanan \"{name}\" tidak dikenal kantor ini (yang ada: "
                               "{known}); perbaiki baris itu atau kosongkan kolomnya",
                               "service \"{name}\" is not one of this office's ({known}); "
                               "correct the row or leave the cell empty"),
    "import.error.date": _t("tanggal \"{value}\" tidak terbaca; tulis tanggal-bulan-tahun "
                            "(mis. 05/10/2026) atau tahun-bulan-tanggal",
                            "date \"{value}\" cannot be read; write day/month/year (e.g. "
                            "05/10/2026) or year-month-day"),
    "import.error.reported": _t(
        "tanggal {day} masuk periode {first} s.d. {last} yang sudah dilaporkan; catat "
        "permohonan itu secara manual sebagai permohonan hari ini (tanggal formulir di "
        "perihal)",
        "{day} falls in {first} to {last}, already reported; enter that request by hand as "
        "today's (the form's date in its subject)"),
    "import.error.future": _t(
        "tanggal {day} belum tiba; periksa tanggal di baris itu",
        "{day} has not come yet; check the date in that row"),
    "import.error.future_time": _t(
        "jam {time} hari ini belum tiba; periksa jam di baris itu",
        "{time} today has not come yet; check the time in that row"),
    "import.error.retention": _t(
        "tanggal {day} lebih tua dari masa simpan data pribadi kantor ({months} bulan); "
        "permohonan itu tidak diimpor",
        "{day} is older than the office keeps personal data ({months} months); that "
        "request is not imported"),
    "import.error.closed_month": _t(
        "tanggal {day} masuk bulan yang sudah lewat; admin mengimpornya di PC admin "
        "(perintah impor dengan pilihan --admin NAMA)",
        "{day} falls in a past month; an admin imports it on the admin PC "
        "(ult-desktop import-online --admin NAME)"),
    "counter.msg.survey_code": _t(
        "Kode survei untuk {name}: {code}. Bacakan atau kirimkan; dapat dipakai sekali di "
        "tablet survei atau anjungan setelah permintaannya dijawab.",
        "Survey code for {name}: {code}. Read it out or send it; it works once at a survey "
        "tablet or the kiosk after the request is answered."),
    "import.refused_row": _t("Baris {row}: {why}", "Row {row}: {why}"),
    "import.field.online_ref": _t("Nomor permohonan", "Request number"),
    "import.field.visitor_name": _t("Nama pemohon", "Requester's name"),
    "import.field.phone": _t("Telepon / HP", "Phone"),
    "import.field.email": _t("Surel", "E-mail"),
    "import.field.institution": _t("Instansi", "Institution"),
    "import.field.service": _t("Layanan", "Service"),
    "import.field.request_type": _t("Jenis permohonan", "Request type"),
    "import.field.topic": _t("Perihal", "Subject"),
    "import.field.question": _t("Isi permohonan", "Request"),
    "import.field.submitted_at": _t("Tanggal permohonan", "Submitted on"),
    "import.error.unreadable": _t("Berkas {path} tidak dapat dibaca; simpan ekspor sebagai "
                                  "CSV atau XLSX lalu coba lagi.",
                                  "File {path} cannot be read; save the export as CSV or XLSX "
                                  "and try again."),
    "import.error.empty": _t("Berkas {path} tidak berisi permohonan.",
                             "File {path} holds no requests."),
    "import.error.unmapped": _t("Pilih kolom untuk \"{field}\" sebelum mengimpor.",
                                "Pick the column for \"{field}\" before importing."),
    "import.error.no_ref": _t("nomor permohonan kosong", "no request number"),
    "counter.form.lapor_id": _t("ID SP4N-LAPOR! (bila ada)", "SP4N-LAPOR! ID (if any)"),
    # -- serving while the shared file is away -------------------------------
    "counter.offline.hint": _t(
        "Berkas bersama tidak terjangkau: layani dengan nomor di kertas pengunjung. Setiap "
        "langkah disimpan di PC ini dan masuk ke catatan kantor saat berkas kembali.",
        "The shared file cannot be reached: serve by the number on the visitor's paper. "
        "Every step is kept on this PC and goes into the office's record when the file is "
        "back."),
    "counter.offline.number_hint": _t("Nomor, mis. A-023", "Number, e.g. A-023"),
    "counter.offline.call": _t("Panggil", "Call"),
    "counter.offline.serve": _t("Mulai layani", "Start serving"),
    "counter.offline.finish": _t("Selesai", "Finish"),
    "counter.offline.skip": _t("Tidak hadir", "No-show"),
    "counter.offline.current": _t("Sedang dilayani: {number}", "At the counter: {number}"),
    "counter.offline.bad_number": _t("'{number}' bukan nomor antrean; ketik seperti A-023.",
                                     "'{number}' is not a queue number; type it like A-023."),
    "counter.offline.nobody": _t("Panggil dulu nomor pengunjung.",
                                 "Call the visitor's number first."),
    "counter.offline.done_call": _t("{number} dipanggil (disimpan di PC ini).",
                                    "{number} called (kept on this PC)."),
    "counter.offline.done_serve": _t("{number} mulai dilayani (disimpan di PC ini).",
                                     "{number} being served (kept on this PC)."),
    "counter.offline.done_finish": _t("{number} selesai (disimpan di PC ini).",
                                      "{number} finished (kept on this PC)."),
    "counter.offline.done_skip": _t("{number} tidak hadir (disimpan di PC ini).",
                                    "{number} marked no-show (kept on this PC)."),
    "counter.offline.conflict_set_aside": _t(
        "{number} lebih dulu dipanggil di Loket {counter} saat berkas tidak terjangkau; "
        "kunjungan itu dicatat untuk Loket {counter}.",
        "{number} was called first at counter {counter} while the file was away; the visit "
        "is recorded for counter {counter}."),
    "counter.offline.conflict_kept": _t(
        "{number} juga dipanggil di Loket {counter} saat berkas tidak terjangkau; loket "
        "ini memanggil lebih dulu, kunjungan dicatat di sini.",
        "{number} was also called at counter {counter} while the file was away; this "
        "counter called first, the visit is recorded here."),
    "counter.offline.conflict_set_aside_finished": _t(
        "{number} juga dipanggil di Loket {counter} saat berkas tidak terjangkau dan "
        "diselesaikan di sana; kunjungan itu dicatat untuk Loket {counter}.",
        "{number} was also called at counter {counter} while the file was away and finished "
        "there; the visit is recorded for counter {counter}."),
    "counter.offline.conflict_kept_finished": _t(
        "{number} juga dipanggil di Loket {counter} saat berkas tidak terjangkau; loket "
        "ini menyelesaikannya, kunjungan dicatat di sini.",
        "{number} was also called at counter {counter} while the file was away; this "
        "counter finished the visit, it is recorded here."),
    "counter.offline.conflict_set_aside_no_show": _t(
        "{number} ditandai tidak hadir di loket ini, lalu dipanggil di Loket {counter} saat "
        "berkas tidak terjangkau dan dilayani di sana; kunjungan itu dicatat untuk Loket "
        "{counter}.",
        "{number} was marked a no-show here, then called at counter {counter} while the "
        "file was away and served there; the visit is recorded for counter {counter}."),
    "counter.offline.conflict_kept_no_show": _t(
        "{number} ditandai tidak hadir di Loket {counter} saat berkas tidak terjangkau, lalu "
        "dipanggil di loket ini; kunjungan dicatat di sini.",
        "{number} was marked a no-show at counter {counter} while the file was away, then "
        "called here; the visit is recorded here."),
    "counter.help.printer": _t("Printer anjungan {kiosk}: {state}; tiket tidak tercetak sampai "
                               "petugas memperbaikinya (isi kertas, tutup penutupnya).",
                               "Kiosk {kiosk}'s printer: {state}; no ticket prints until an "
                               "officer fixes it (paper, close the cover)."),
    "counter.help.one": _t("Pengunjung di {kiosk} butuh bantuan (sejak {since}).",
                           "A visitor at {kiosk} needs help (since {since})."),
    "counter.help.waiting": _t(
        "Pengunjung di {kiosk} butuh bantuan (sejak {since}). {more} panggilan lain "
        "menunggu.",
        "A visitor at {kiosk} needs help (since {since}). {more} more calls wait."),
    "counter.help.go": _t("Saya ke sana", "I'm going"),
    "counter.help.answered": _t("Anda menuju anjungan; pengunjung menunggu {minutes} menit.",
                                "You are on your way; the visitor waited {minutes} min."),
    "counter.help.taken": _t("Panggilan itu sudah dijawab petugas lain.",
                             "Another officer has answered that call."),
    "counter.first_visitor.option": _t("Bunyi bila ada pengunjung baru",
                                       "Chime when a visitor arrives"),
    "counter.first_visitor.now": _t("Pengunjung baru menunggu: {number} ({service}).",
                                    "A visitor is waiting: {number} ({service})."),
    "counter.first_visitor.not_kept": _t(
        "Pilihan bunyi tidak tersimpan di PC ini ({reason}); berlaku sampai keluar.",
        "The chime choice was not saved on this PC ({reason}); it holds until you sign out."),
    "counter.offline.refused": _t(
        "Catatan {number} yang disimpan di PC ini ditolak: isinya tidak sama dengan saat "
        "dicatat, atau dari bulan yang sudah lewat. Beri tahu admin, lalu catat kunjungan "
        "itu lagi di layar loket.",
        "The act for {number} kept on this PC was refused: it is not what was recorded at "
        "the time, or it is of a month already over. Tell the admin, then record that "
        "visit again on the desk."),
    "counter.offline.set_aside_rule": _t(
        "Catatan {number} yang disimpan di PC ini tidak dimasukkan: {reason}",
        "The act for {number} kept on this PC was not entered: {reason}"),
    "counter.offline.outcome": _t("Hasil", "Outcome"),
    "counter.ack": _t("Mengerti", "Understood"),
    "counter.offline.outcome_pick": _t("Pilih hasil…", "Choose the outcome…"),
    "counter.offline.outcome_needed": _t(
        "Pilih dulu hasil kunjungan {number} di kotak Hasil, lalu tekan Selesai.",
        "First choose how visit {number} ended in the Outcome box, then press Finish."),
    "counter.standin": _t("menggantikan {name}", "standing in for {name}"),
    "counter.cases.cuti_unknown": _t(
        "Cuti bersama {year} belum dimasukkan: tenggat kerja yang jatuh di {year} bisa "
        "keliru. Minta admin menambahkannya di Admin > Hari libur.",
        "The cuti bersama of {year} are not entered yet: working-day due dates in {year} "
        "may be wrong. Ask the admin to add them in Admin > Holidays."),
    "counter.cases.counts": _t("{overdue} lewat tenggat · {due} tenggat hari ini · "
                               "{callback} perlu dihubungi · {open} terbuka",
                               "{overdue} overdue · {due} due today · {callback} to call "
                               "back · {open} open"),
    "counter.cases.detail": _t("Rincian kasus", "Case details"),
    "counter.cases.none_selected": _t("Pilih kasus di daftar.", "Choose a case in the list."),
    "counter.cases.answer": _t("Jawaban", "Answer"),
    "counter.cases.answer_hint": _t("Tulis jawaban untuk pengunjung",
                                    "Write the answer for the visitor"),
    "counter.cases.save_answer": _t("Simpan jawaban", "Save answer"),
    "counter.cases.reschedule": _t("Jadwalkan ulang", "Reschedule"),
    "counter.cases.callback_reached": _t("Sudah dihubungi", "Called back"),
    "counter.cases.callback_unreached": _t("Tidak tersambung", "Not reached"),
    "counter.cases.close": _t("Tutup kasus", "Close case"),
    "counter.cases.rescheduled_n": _t("dijadwalkan ulang {n}×", "rescheduled {n}×"),
    "counter.cases.due_line": _t("Tenggat: {due}", "Due: {due}"),
    "counter.cases.reason_line": _t("Alasan jadwal ulang: {reason}", "Reschedule reason: {reason}"),
    "counter.cases.callback_line": _t("Perlu dihubungi kembali — percobaan: {n}",
                                      "To be called back — attempts: {n}"),
    "counter.bucket.overdue": _t("Lewat tenggat", "Overdue"),
    "counter.bucket.due_today": _t("Tenggat hari ini", "Due today"),
    "counter.bucket.open": _t("Terbuka", "Open"),
    "counter.bucket.callback": _t("Perlu dihubungi kembali", "To call back"),
    "counter.bucket.answered": _t("Dijawab", "Answered"),
    "counter.bucket.closed": _t("Ditutup", "Closed"),
    "counter.case_state.open": _t("diteruskan", "forwarded"),
    "counter.case_state.answered": _t("dijawab back office", "answered by back office"),
    "counter.case_state.closed": _t("ditutup", "closed"),
    "counter.escalated.back_office": _t("Back office", "Back office"),
    "counter.escalated.rescheduled": _t("Dijadwalkan ulang", "Rescheduled"),
    "counter.escalated.unit_utama": _t("Unit utama", "Unit utama"),
    "counter.error.answer_required": _t("Tulis jawabannya dulu.", "Write the answer first."),
    "counter.error.answer_first": _t("Simpan jawaban kasus ini dulu.",
                                     "Save the answer of this case first."),
    "counter.error.callback_first": _t("Hubungi kembali pengunjung sebelum menutup kasus.",
                                       "Call the visitor back before closing the case."),
    "counter.error.case_closed": _t("Kasus {case} sudah ditutup.", "Case {case} is closed."),
    "counter.error.case_not_found": _t("Kasus {case} tidak ditemukan; muat ulang daftar.",
                                       "Case {case} was not found; reload the list."),
    "counter.error.record_not_found": _t("Data buku tamu {record} tidak ditemukan.",
                                         "Register entry {record} was not found."),
    "counter.error.record_required": _t("Isi buku tamu (nama dan pertanyaan) sebelum "
                                        "diteruskan.",
                                        "Fill in the register (name and question) before "
                                        "escalating."),
    "counter.error.service_required": _t("Pilih layanannya.", "Choose the service."),
    "counter.error.unit_required": _t("Isi nama unit utama tujuan.",
                                      "Give the name of the unit utama."),
    "counter.assist.seat": _t("🪑 Jemput di kursi", "🪑 Fetch from the seat"),
    "counter.assist.fetching": _t("🪑 Jemput di kursi: hampiri pengunjung, lalu tandai "
                                  "Dijemput", "🪑 Fetch from the seat: go to the visitor, "
                                  "then mark Fetched"),
    "counter.assist.fetched": _t("🪑 Dijemput pukul {time}", "🪑 Fetched at {time}"),
    "counter.assist.deaf": _t("🧏 Pengunjung tuli/sulit mendengar: lambaikan tangan atau "
                              "hampiri", "🧏 Deaf / hard-of-hearing visitor: wave or walk "
                              "over"),
    "counter.assist.deaf_short": _t("🧏 tuli", "🧏 Deaf"),
    "counter.action.fetched": _t("Dijemput", "Fetched"),
    "counter.action.deaf": _t("Tuli/sulit mendengar", "Deaf / hard of hearing"),
    "counter.action.deaf_off": _t("Bukan tuli", "Not Deaf"),
    "counter.action.interpreter": _t("Juru bahasa isyarat", "Sign interpreter"),
    "counter.msg.fetched": _t("{number} dijemput dari kursinya.",
                              "{number} fetched from the seat."),
    "counter.msg.deaf_on": _t("{number} ditandai tuli/sulit mendengar; layar TV "
                              "mengedipkannya lebih lama.",
                              "{number} marked Deaf / hard of hearing; the TV flashes it "
                              "longer."),
    "counter.msg.deaf_off": _t("Tanda tuli/sulit mendengar {number} dihapus.",
                               "{number} no longer marked Deaf / hard of hearing."),
    "counter.msg.interpreter": _t("Permintaan juru bahasa isyarat untuk {number} dicatat.",
                                  "Sign language interpreter request for {number} "
                                  "recorded."),
    "counter.skip.fetching": _t("Pengunjung menunggu dijemput di kursi: jemput dulu, "
                                "bukan dilewati.",
                                "The visitor waits to be fetched from the seat: fetch "
                                "first, no skip."),
}
