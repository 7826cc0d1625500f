"""Qt-free: the NCS callback envelope, its event catalog in plain words, signature checks over
raw bytes and dedupe keys. Shared by the relay (which receives), the emulator (which sends)
and the engine (which reads them from a relay). See docs/api-notes.md, "Callbacks"."""
