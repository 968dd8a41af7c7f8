// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title DataLease
/// @notice Time-limited, paid leases on a person's data. A requester signs an
/// EIP-712 `LeaseRequest` off-chain; the data owner submits it with `grant`.
/// The contract checks the requester's signature, moves the (pro-rata) price
/// from the requester's deposit into escrow and fixes start and expiry by
/// block time. Revoke pays the owner the elapsed share; settle after expiry
/// pays the owner in full. All payouts are pull-based (`withdraw`).
///
/// Payment tokens: a request names the token it pays in (`token`; the zero
/// address is the chain's native currency). Deposits, escrow, refunds,
/// earnings and withdrawals are kept per (account, token): native and ERC-20
/// balances never mix, and a lease pays only in its own token. ERC-20
/// transfers go through OpenZeppelin's SafeERC20, so tokens that return no
/// bool work; a deposit whose received amount differs from the amount sent
/// (fee-on-transfer, rebasing on transfer) is refused.
///
/// Owner model: any address can be a data owner. The lease's owner is whoever
/// calls `grant`. The signed request does not name an owner (its type is fixed
/// by the protocol), so a request can be granted by anyone who holds it, once.
///
/// Front-running: a grant is commit-reveal (as ENS registrations are). The
/// owner first calls `commit(commitment)` with
///   commitment = makeCommitment(requestDigest, owner, scopeHash, duration, salt)
/// for a secret random salt; the commitment reveals nothing about the request.
/// In a later block the owner calls `grant(..., salt)`, which recomputes the
/// commitment with `owner = msg.sender` and the scope hash and duration given,
/// and accepts only one the same sender committed in an earlier block. Someone
/// who copies the pending grant (or the request inside it) has no commitment
/// of their own from an earlier block, and by the time they could have one,
/// the owner's grant has used up the request's nonce.
///
/// Rounding: on revoke the owner earns floor(price * elapsed / duration); the
/// requester is credited price minus that, so no wei is created or lost. On
/// grant the escrowed price is floor(request.price * duration / request.duration).
contract DataLease {
    // ---------------------------------------------------------------- types

    /// @dev Field order and types mirror the EIP-712 type string exactly.
    struct LeaseRequest {
        address requester;
        string requesterName;
        string purpose;
        string description;
        string[] datasets;
        uint64 dataFrom;
        uint64 dataTo;
        uint64 duration;
        address token;
        uint256 price;
        uint32 maxEpsilonMilli;
        string taskUrl;
        uint256 nonce;
        uint64 deadline;
    }

    enum Status {
        None,
        Active,
        Revoked,
        Settled
    }

    /// @dev Packed into six storage slots.
    struct Lease {
        address owner; //        slot 0
        uint64 start; //         slot 0
        Status status; //        slot 0
        address requester; //    slot 1
        uint64 expiry; //        slot 1
        uint32 deliveries; //    slot 1
        address token; //        slot 2: payment token; zero = native currency
        uint256 price; //        slot 3: escrowed amount (in `token`) for the granted duration
        bytes32 scopeHash; //    slot 4: hash of the (possibly narrowed) scope
        bytes32 requestDigest; // slot 5: EIP-712 digest of the signed request
    }

    using SafeERC20 for IERC20;

    // ------------------------------------------------------------ constants

    bytes32 public constant LEASE_REQUEST_TYPEHASH = keccak256(
        "LeaseRequest(address requester,string requesterName,string purpose,string description,string[] datasets,uint64 dataFrom,uint64 dataTo,uint64 duration,address token,uint256 price,uint32 maxEpsilonMilli,string taskUrl,uint256 nonce,uint64 deadline)"
    );

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("DataWallet");
    bytes32 private constant VERSION_HASH = keccak256("2");

    /// @dev secp256k1n / 2: signatures with a larger `s` are malleable twins.
    uint256 private constant SECP256K1_HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @dev Prices above this cannot be backed by any real deposit; rejecting
    /// them keeps `price * elapsed` far from overflow.
    uint256 private constant MAX_PRICE = type(uint128).max;

    // ---------------------------------------------------------------- state

    uint256 private immutable CACHED_CHAIN_ID;
    bytes32 private immutable CACHED_DOMAIN_SEPARATOR;

    /// @notice The `token` value that stands for the chain's native currency.
    address public constant NATIVE = address(0);

    /// @notice Withdrawable balance per (account, token): requester deposits and refunds, owner earnings.
    mapping(address account => mapping(address token => uint256)) public balanceOf;

    /// @notice Lease id that consumed a requester's nonce; 0 while unused.
    mapping(address => mapping(uint256 => uint256)) public leaseIdByNonce;

    /// @notice Per token, the sum of the prices of leases still in escrow (active or expired, not settled).
    mapping(address token => uint256) public totalEscrowed;

    /// @notice Number of leases granted; ids run from 1 to leaseCount.
    uint256 public leaseCount;

    mapping(uint256 => Lease) private _leases;

    /// @notice Block number at which `committer` committed `commitment`; 0 when none.
    /// Keyed by committer, so no one can overwrite or refresh another's commitment.
    mapping(address => mapping(bytes32 => uint256)) public commitments;

    bool private transient _locked;

    // --------------------------------------------------------------- events

    event Deposited(address indexed account, address indexed token, address from, uint256 amount, uint256 balance);
    event Withdrawn(address indexed account, address indexed token, uint256 amount, uint256 balance);
    event Granted(
        uint256 indexed id,
        address indexed owner,
        address indexed requester,
        address token,
        uint256 nonce,
        bytes32 requestDigest,
        bytes32 scopeHash,
        uint256 price,
        uint64 start,
        uint64 expiry
    );
    event Committed(address indexed committer, bytes32 indexed commitment);
    event Revoked(uint256 indexed id, uint64 time, uint256 ownerAmount, uint256 requesterRefund);
    event Settled(uint256 indexed id, uint64 time, uint256 ownerAmount);
    event DeliveryRecorded(uint256 indexed id, bytes32 indexed resultHash, uint32 count, uint64 time);

    // --------------------------------------------------------------- errors

    error ZeroAmount();
    error ZeroAddress();
    error InsufficientBalance(uint256 available, uint256 requested);
    error TransferFailed();
    error Reentrancy();
    error RequestExpired(uint64 deadline, uint256 blockTime);
    error NonceAlreadyUsed(address requester, uint256 nonce, uint256 leaseId);
    error InvalidDuration(uint64 requested, uint64 granted);
    error PriceTooLarge(uint256 price);
    error InvalidScopeHash();
    error InvalidSignatureLength(uint256 length);
    error InvalidSignatureV(uint8 v);
    error InvalidSignatureS();
    error InvalidSignature();
    error SignerMismatch(address expected, address recovered);
    error InsufficientDeposit(address requester, address token, uint256 available, uint256 required);
    error LeaseNotFound(uint256 id);
    error NotLeaseOwner(uint256 id, address caller);
    error LeaseNotActive(uint256 id);
    error LeaseNotExpired(uint256 id, uint64 expiry);
    error LeaseClosed(uint256 id, Status status);
    error InvalidResultHash();
    error ZeroCommitment();
    error CommitmentNotFound(address committer, bytes32 commitment);
    error CommitmentTooNew(uint256 committedAt, uint256 blockNumber);
    error NativeIsNotAToken();
    error FeeOnTransferRefused(address token, uint256 sent, uint256 received);

    // ------------------------------------------------------------ modifiers

    /// @dev Cross-function reentrancy guard (transient storage, EIP-1153).
    modifier nonReentrant() {
        if (_locked) revert Reentrancy();
        _locked = true;
        _;
        _locked = false;
    }

    constructor() {
        CACHED_CHAIN_ID = block.chainid;
        CACHED_DOMAIN_SEPARATOR = _buildDomainSeparator();
    }

    // ------------------------------------------------------------- deposits

    /// @notice Adds `msg.value` to the caller's native balance.
    function deposit() external payable nonReentrant {
        _credit(msg.sender, NATIVE, msg.value);
    }

    /// @notice Adds `msg.value` to `account`'s native balance (a gift: only `account` can withdraw it).
    function depositFor(address account) external payable nonReentrant {
        if (account == address(0)) revert ZeroAddress();
        _credit(account, NATIVE, msg.value);
    }

    /// @notice Pulls `amount` of `token` from the caller (who approved this
    /// contract first) and adds it to the caller's balance in that token.
    /// Refused when the contract receives anything but exactly `amount`.
    function depositToken(address token, uint256 amount) external nonReentrant {
        if (token == NATIVE) revert NativeIsNotAToken();
        if (amount == 0) revert ZeroAmount();
        IERC20 erc20 = IERC20(token);
        uint256 before = erc20.balanceOf(address(this));
        erc20.safeTransferFrom(msg.sender, address(this), amount);
        uint256 afterwards = erc20.balanceOf(address(this));
        uint256 received = afterwards > before ? afterwards - before : 0;
        if (received != amount) revert FeeOnTransferRefused(token, amount, received);
        _credit(msg.sender, token, amount);
    }

    /// @notice Sends `amount` of the caller's balance in `token` (zero address:
    /// native currency) to the caller.
    function withdraw(address token, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 available = balanceOf[msg.sender][token];
        if (amount > available) revert InsufficientBalance(available, amount);
        uint256 remaining = available - amount;
        balanceOf[msg.sender][token] = remaining;
        emit Withdrawn(msg.sender, token, amount, remaining);
        if (token == NATIVE) {
            (bool ok,) = payable(msg.sender).call{value: amount}("");
            if (!ok) revert TransferFailed();
        } else {
            IERC20(token).safeTransfer(msg.sender, amount);
        }
    }

    // --------------------------------------------------------------- leases

    /// @notice First half of a grant: records that the caller commits to grant a
    /// request (see makeCommitment). Committing again refreshes the block.
    function commit(bytes32 commitment) external nonReentrant {
        if (commitment == bytes32(0)) revert ZeroCommitment();
        commitments[msg.sender][commitment] = block.number;
        emit Committed(msg.sender, commitment);
    }

    /// @notice Grants the lease `req` describes, signed by `req.requester`, to
    /// the caller's data for `duration` seconds (at most `req.duration`). The
    /// caller must have committed to exactly this request, scope, duration and
    /// `salt` in an earlier block.
    /// @param scopeHash hash of the granted (possibly narrowed) scope; not zero.
    function grant(LeaseRequest calldata req, bytes calldata signature, bytes32 scopeHash, uint64 duration, bytes32 salt)
        external
        nonReentrant
        returns (uint256 id)
    {
        _checkTerms(req, scopeHash, duration);
        bytes32 digest = hashLeaseRequest(req);
        _useCommitment(makeCommitment(digest, msg.sender, scopeHash, duration, salt));
        address signer = _recover(digest, signature);
        if (signer != req.requester) revert SignerMismatch(req.requester, signer);
        uint256 price = duration == req.duration ? req.price : (req.price * duration) / req.duration;
        id = _open(req.requester, req.token, req.nonce, digest, scopeHash, price, duration);
    }

    /// @notice Ends an active lease now. The owner earns the elapsed share,
    /// rounded down; the requester is credited the rest.
    function revoke(uint256 id) external nonReentrant {
        Lease storage lease = _existing(id);
        if (lease.owner != msg.sender) revert NotLeaseOwner(id, msg.sender);
        if (lease.status != Status.Active) revert LeaseClosed(id, lease.status);
        if (block.timestamp >= lease.expiry) revert LeaseNotActive(id);

        uint256 price = lease.price;
        uint256 duration = lease.expiry - lease.start;
        // A local chain's clock can step back after a restart; never underflow.
        uint256 elapsed = block.timestamp > lease.start ? block.timestamp - lease.start : 0;
        uint256 ownerAmount = (price * elapsed) / duration;
        uint256 refund = price - ownerAmount;

        address token = lease.token;
        lease.status = Status.Revoked;
        totalEscrowed[token] -= price;
        balanceOf[lease.owner][token] += ownerAmount;
        balanceOf[lease.requester][token] += refund;
        emit Revoked(id, uint64(block.timestamp), ownerAmount, refund);
    }

    /// @notice Pays the owner in full once the lease has expired. Anyone may call.
    function settle(uint256 id) external nonReentrant {
        Lease storage lease = _existing(id);
        if (lease.status != Status.Active) revert LeaseClosed(id, lease.status);
        if (block.timestamp < lease.expiry) revert LeaseNotExpired(id, lease.expiry);

        uint256 price = lease.price;
        address token = lease.token;
        lease.status = Status.Settled;
        totalEscrowed[token] -= price;
        balanceOf[lease.owner][token] += price;
        emit Settled(id, uint64(block.timestamp), price);
    }

    /// @notice Records the hash of a result that left the owner's device.
    function recordDelivery(uint256 id, bytes32 resultHash) external nonReentrant {
        Lease storage lease = _existing(id);
        if (lease.owner != msg.sender) revert NotLeaseOwner(id, msg.sender);
        if (!_isActive(lease)) revert LeaseNotActive(id);
        if (resultHash == bytes32(0)) revert InvalidResultHash();
        uint32 count = lease.deliveries + 1;
        lease.deliveries = count;
        emit DeliveryRecorded(id, resultHash, count, uint64(block.timestamp));
    }

    // ---------------------------------------------------------------- views

    /// @notice True from grant until expiry (exclusive), unless revoked.
    function isActive(uint256 id) external view returns (bool) {
        return _isActive(_existing(id));
    }

    function getLease(uint256 id) external view returns (Lease memory) {
        return _existing(id);
    }

    function domainSeparator() public view returns (bytes32) {
        return block.chainid == CACHED_CHAIN_ID ? CACHED_DOMAIN_SEPARATOR : _buildDomainSeparator();
    }

    /// @notice EIP-5267 domain description, so wallets and tools can check it.
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", "DataWallet", "2", block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    /// @notice The commitment an owner sends before granting: binds the request,
    /// the owner, the granted scope and duration, and a secret salt.
    function makeCommitment(bytes32 requestDigest, address owner, bytes32 scopeHash, uint64 duration, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(requestDigest, owner, scopeHash, duration, salt));
    }

    /// @notice The EIP-712 digest a requester signs for `req`.
    function hashLeaseRequest(LeaseRequest calldata req) public view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), _structHash(req)));
    }

    // ------------------------------------------------------------ internals

    function _checkTerms(LeaseRequest calldata req, bytes32 scopeHash, uint64 duration) private view {
        if (block.timestamp > req.deadline) revert RequestExpired(req.deadline, block.timestamp);
        uint256 usedBy = leaseIdByNonce[req.requester][req.nonce];
        if (usedBy != 0) revert NonceAlreadyUsed(req.requester, req.nonce, usedBy);
        if (duration == 0 || duration > req.duration) revert InvalidDuration(req.duration, duration);
        if (duration > type(uint64).max - block.timestamp) revert InvalidDuration(req.duration, duration);
        if (req.price > MAX_PRICE) revert PriceTooLarge(req.price);
        if (scopeHash == bytes32(0)) revert InvalidScopeHash();
    }

    /// @dev Effects of a grant: escrow the price, burn the nonce, store the lease.
    function _open(
        address requester,
        address token,
        uint256 nonce,
        bytes32 digest,
        bytes32 scopeHash,
        uint256 price,
        uint64 duration
    ) private returns (uint256 id) {
        uint256 available = balanceOf[requester][token];
        if (price > available) revert InsufficientDeposit(requester, token, available, price);

        id = ++leaseCount;
        balanceOf[requester][token] = available - price;
        totalEscrowed[token] += price;
        leaseIdByNonce[requester][nonce] = id;

        uint64 start = uint64(block.timestamp);
        uint64 expiry = start + duration;
        _leases[id] = Lease({
            owner: msg.sender,
            start: start,
            status: Status.Active,
            requester: requester,
            expiry: expiry,
            deliveries: 0,
            token: token,
            price: price,
            scopeHash: scopeHash,
            requestDigest: digest
        });
        emit Granted(id, msg.sender, requester, token, nonce, digest, scopeHash, price, start, expiry);
    }

    /// @dev The caller's commitment must exist and be from an earlier block; it is used up.
    function _useCommitment(bytes32 commitment) private {
        uint256 committedAt = commitments[msg.sender][commitment];
        if (committedAt == 0) revert CommitmentNotFound(msg.sender, commitment);
        if (committedAt >= block.number) revert CommitmentTooNew(committedAt, block.number);
        delete commitments[msg.sender][commitment];
    }

    function _credit(address account, address token, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        uint256 balance = balanceOf[account][token] + amount;
        balanceOf[account][token] = balance;
        emit Deposited(account, token, msg.sender, amount, balance);
    }

    function _existing(uint256 id) private view returns (Lease storage lease) {
        lease = _leases[id];
        if (lease.status == Status.None) revert LeaseNotFound(id);
    }

    function _isActive(Lease storage lease) private view returns (bool) {
        return lease.status == Status.Active && block.timestamp < lease.expiry;
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    /// @dev hashStruct(LeaseRequest). All members encode to one 32-byte word,
    /// so two abi.encode halves concatenate to the same bytes as one call
    /// (split only to stay within the legacy code generator's stack).
    function _structHash(LeaseRequest calldata req) private pure returns (bytes32) {
        bytes memory head = abi.encode(
            LEASE_REQUEST_TYPEHASH,
            req.requester,
            keccak256(bytes(req.requesterName)),
            keccak256(bytes(req.purpose)),
            keccak256(bytes(req.description)),
            _hashStrings(req.datasets),
            req.dataFrom
        );
        bytes memory tail = abi.encode(
            req.dataTo,
            req.duration,
            req.token,
            req.price,
            req.maxEpsilonMilli,
            keccak256(bytes(req.taskUrl)),
            req.nonce,
            req.deadline
        );
        return keccak256(bytes.concat(head, tail));
    }

    /// @dev EIP-712 `string[]`: keccak256 of the concatenated keccak256 of each element.
    function _hashStrings(string[] calldata items) private pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](items.length);
        for (uint256 i = 0; i < items.length; ++i) {
            hashes[i] = keccak256(bytes(items[i]));
        }
        return keccak256(abi.encodePacked(hashes));
    }

    /// @dev ECDSA recovery of a 65-byte (r, s, v) signature with v in {27, 28}
    /// and s in the lower half of the curve order; reverts on anything else.
    function _recover(bytes32 digest, bytes calldata signature) private pure returns (address signer) {
        if (signature.length != 65) revert InvalidSignatureLength(signature.length);
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v != 27 && v != 28) revert InvalidSignatureV(v);
        if (uint256(s) > SECP256K1_HALF_N) revert InvalidSignatureS();
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature();
    }
}
