package org.moshsim.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.moshsim.BadInput;

/**
 * A results folder that is replaced as a whole. While a sweep runs, its files grow in {@code DIR.partial} beside
 * the folder; when everything is written, that folder takes the place of {@code DIR} by two renames, so a reader
 * sees the old results or the new ones, never a mix. A lock on the file {@code .lock} in the work folder keeps a
 * second moshsim out (the operating system drops the lock when the process dies, however it dies).
 */
public final class ResultsFolder implements AutoCloseable {
    /** The work folder's suffix. */
    public static final String PARTIAL = ".partial";
    /** The lock file, in the work folder. */
    private static final String LOCK = ".lock";

    private final Path dir;
    private final Path work;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final boolean createdWork;

    private ResultsFolder(Path dir, Path work, Path lockFile, FileChannel lockChannel, boolean createdWork) {
        this.dir = dir;
        this.work = work;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.createdWork = createdWork;
    }

    /**
     * Checks, without writing anything, that {@code dir} may become a results folder: not empty text, not the
     * current folder or a folder above it, not a file, not a folder holding an input or files moshsim did not write.
     */
    public static Path check(String option, Path dir, List<Path> inputs) {
        if (dir.toString().isBlank()) {
            throw new BadInput(option + ": an empty path; give the results folder, e.g. " + option + " results/my-sweep");
        }
        Path absolute = dir.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath().normalize();
        if (here.startsWith(absolute)) {
            throw new BadInput(option + ": " + dir + " is the current folder" + (here.equals(absolute) ? "" : " or above it")
                    + "; results replace their folder as a whole: give a folder of their own, e.g. " + option + " results/my-sweep");
        }
        if (absolute.getParent() == null) {
            throw new BadInput(option + ": " + dir + " is the root folder; give a folder of its own");
        }
        for (Path input : inputs) {
            Path in = input.toAbsolutePath().normalize();
            if (in.startsWith(absolute)) {
                throw new BadInput(option + ": " + dir + (in.equals(absolute) ? " is " : " holds ") + "the input " + input
                        + "; results replace their folder as a whole: give another folder");
            }
        }
        if (absolute.getFileName().toString().length() + PARTIAL.length() + 8 > 255) {
            throw new BadInput(option + ": the folder name " + absolute.getFileName() + " is too long; at most "
                    + (255 - PARTIAL.length() - 8) + " characters");
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new BadInput(option + ": " + dir + " cannot be a folder (" + existing + " is a file)");
        }
        if (!Files.isWritable(existing)) {
            String message = option + ": " + dir + " cannot be written (" + existing + " is not writable)";
            throw new UncheckedIOException(message, new IOException(message));
        }
        ownedOrAbsent(option, absolute);
        ownedOrAbsent(option, partial(absolute));
        return absolute;
    }

    /** Checks {@code dir} as {@link #check} does, opens its work folder and takes its lock. */
    public static ResultsFolder claim(String option, Path dir, List<Path> inputs) {
        Path absolute = check(option, dir, inputs);
        Path work = partial(absolute);
        Path lockFile = work.resolve(LOCK);
        try {
            for (int attempt = 0; ; attempt++) {
                boolean created = !Files.exists(work);
                Files.createDirectories(work);
                try {
                    return new ResultsFolder(absolute, work, lockFile, lock(option, dir, lockFile), created);
                } catch (NoSuchFileException e) {
                    // Another moshsim published this work folder just now; look again.
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + work + ": " + describe(e), e);
        }
    }

    /** The folder the results end in. */
    public Path dir() {
        return dir;
    }

    /** The folder they are written in meanwhile. */
    public Path work() {
        return work;
    }

    /** Removes every file of the work folder but {@code keep}, so that nothing of an earlier attempt mixes in. */
    public void clearWork(String keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(work)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.equals(keep) && !name.equals(LOCK)) {
                    deleteTree(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + work + ": " + describe(e), e);
        }
    }

    /** Puts the work folder in the results folder's place. */
    public void publish() {
        String replaced = "." + dir.getFileName() + ".replaced-";
        Path old = dir.resolveSibling(replaced + ProcessHandle.current().pid());
        try {
            syncFolder(work);
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(dir.getParent());
            Files.deleteIfExists(dir.resolve(LOCK));
            // Ours, and any left by a moshsim that died between the two renames.
            try (Stream<Path> siblings = Files.list(dir.getParent())) {
                for (Path stale : siblings.filter(p -> p.getFileName().toString().startsWith(replaced)).toList()) {
                    String pid = stale.getFileName().toString().substring(replaced.length());
                    if (stale.equals(old) || pid.chars().allMatch(Character::isDigit)
                            && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                        deleteTree(stale);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException("cannot move " + work + " to " + dir + ": " + e.getMessage(), 
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Removes the work folder if this process made it (nothing of it is worth keeping). */
    public void discard() {
        if (createdWork) {
            try {
                deleteTree(work);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + work + ": " + describe(e), e);
            }
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + lockFile + ": " + describe(e), e);
        }
    }

    /** The work folder of a results folder. */
    public static Path partial(Path dir) {
        return dir.resolveSibling(dir.getFileName() + PARTIAL);
    }

    /** An I/O failure as a person reads it: the operating system's reason, such as "No space left on device". */
    public static String describe(IOException e) {
        String reason = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason();
        }
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    /** Locks the lock file, or says who holds it. */
    private static FileChannel lock(String option, Path dir, Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(lockFile);
            channel.close();
            throw new BadInput(option + ": " + dir + " is being written by another moshsim"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to finish or give another folder");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + host() + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        return channel;
    }

    /**
     * Who holds the lock, as the holder wrote it. The holder writes just after it takes the lock, so a second moshsim
     * that comes in between finds the file empty: it waits a moment for the line rather than name nobody.
     */
    private static String holder(Path lockFile) throws IOException {
        String holder = "";
        for (int tries = 0; tries < 20 && holder.isEmpty(); tries++) {
            holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).trim();
            if (holder.isEmpty()) {
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return holder;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }

    /** A folder moshsim may replace: absent, empty, or holding a runs journal or moshsim's run.json. */
    private static void ownedOrAbsent(String option, Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInput(option + ": " + dir + " is a file, not a folder; give a folder for the results");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> !f.getFileName().toString().equals(LOCK)).toList();
            if (all.isEmpty() || all.stream().anyMatch(f -> f.getFileName().toString().equals(RunJournal.FILE))) {
                return;
            }
            Path runJson = dir.resolve(RunJson.FILE);
            if (Files.isRegularFile(runJson) && Files.size(runJson) < 1 << 20
                    && Files.readString(runJson, StandardCharsets.UTF_8).contains("\"moshsim\"")) {
                return;
            }
            throw new BadInput(option + ": " + dir + " holds files that moshsim did not write (such as "
                    + all.get(0).getFileName() + "), which replacing it would delete; give a new or empty folder");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + describe(e), e);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a folder be opened to force its entries; the renames stand all the same.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
